import { hashPassword, sha256 } from '../staff/staffDirectory.js';

// `npm run staff:hash -- <password> <api-token>`: the two hashes for an entry of STAFF_FILE.
const [password, token] = process.argv.slice(2);
if (!password || !token) {
  console.error('usage: npm run staff:hash -- <password> <api-token>');
  process.exit(2);
}
console.log(JSON.stringify({ passwordHash: hashPassword(password), tokenSha256: sha256(token) }, null, 2));
