let baseUrl = 'http://localhost:3000';

/** Set once at start-up from PUBLIC_URL: links in emails point at the dashboard people use. */
export function bindPublicUrl(url: string): void {
  baseUrl = url.replace(/\/+$/, '');
}

export function publicLink(path: string): string {
  return `${baseUrl}${path.startsWith('/') ? path : `/${path}`}`;
}
