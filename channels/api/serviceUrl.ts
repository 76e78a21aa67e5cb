interface AllowedService {
  protocol: string;
  port: string;
  /** The host, `*` standing for exactly one DNS label ("*.botframework.com"). */
  host: RegExp;
  /** A path prefix ("/" allows every path). */
  path: string;
}

function parsePattern(pattern: string): AllowedService | undefined {
  try {
    const url = new URL(pattern);
    const labels = url.hostname.split('.').map((label) => (label === '*' ? '[a-z0-9-]+' : label.replace(/[.+?^${}()|[\]\\*]/g, '\\$&')));
    return { protocol: url.protocol, port: url.port, host: new RegExp(`^${labels.join('\\.')}$`, 'i'), path: url.pathname };
  } catch {
    return undefined;
  }
}

/**
 * Turns SERVICE_URL_ALLOWLIST into a test. Both sides are parsed as URLs and compared part by
 * part — scheme, host (a `*` is one DNS label), port, path prefix — so nothing after the host
 * ("https://127.0.0.1:9#.botframework.com/", "…?x=https://europe.botframework.com/") and no
 * credentials in the URL can make a foreign address pass. An empty list allows any serviceUrl.
 */
export function serviceUrlMatcher(list: string): (url: string) => boolean {
  const entries = list.split(',').map((p) => p.trim()).filter(Boolean);
  const allowed = entries.map(parsePattern).filter((p): p is AllowedService => p !== undefined);
  if (entries.length === 0) return () => true;
  return (candidate) => {
    let url: URL;
    try {
      url = new URL(candidate);
    } catch {
      return false;
    }
    if (url.username || url.password) return false;
    return allowed.some((p) => p.protocol === url.protocol && p.port === url.port && p.host.test(url.hostname) && url.pathname.startsWith(p.path));
  };
}
