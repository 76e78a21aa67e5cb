/** Turns SERVICE_URL_ALLOWLIST into a test; `*` stands for any run of characters except "/". */
export function serviceUrlMatcher(list: string): (url: string) => boolean {
  const patterns = list
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => new RegExp(`^${p.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}`, 'i'));
  return (url) => patterns.length === 0 || patterns.some((re) => re.test(url));
}
