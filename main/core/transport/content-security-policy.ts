/**
 * The Content-Security-Policy of the UI, written once: nothing but our own files, no inline or
 * eval'd script, no plugins, no remote anything. The Electron window adds its image scheme and
 * forbids frames; serve's HTTP responses forbid being framed. renderer/index.html carries the
 * window's policy as a meta tag (file:// responses have no headers), checked equal to it by
 * main/reliability/electron-shell.test.ts.
 */
import { IMAGE_SCHEME } from '../api/methods';

const SHARED: ReadonlyArray<[string, string]> = [
  ['default-src', "'self'"],
  ['script-src', "'self'"],
  ['style-src', "'self' 'unsafe-inline'"],
  ['img-src', "'self' data: blob:"],
  ['font-src', "'self' data:"],
  ['connect-src', "'self'"],
  ['object-src', "'none'"],
  ['base-uri', "'none'"],
  ['form-action', "'none'"],
];

function policy(extend: Record<string, string>, add: Record<string, string>): string {
  const directives = SHARED.map(([name, value]) => `${name} ${extend[name] ? `${value} ${extend[name]}` : value}`);
  return [...directives, ...Object.entries(add).map(([name, value]) => `${name} ${value}`)].join('; ');
}

/** The desktop window's policy (stored images come on the vlm-image: scheme). */
export const APP_CONTENT_SECURITY_POLICY = policy({ 'img-src': `${IMAGE_SCHEME}:` }, { 'frame-src': "'none'" });

/** serve's policy: the same, its images same-origin, and no page may frame it. */
export const SERVE_CONTENT_SECURITY_POLICY = policy({}, { 'frame-ancestors': "'none'" });
