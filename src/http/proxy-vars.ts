/**
 * Whether a proxy could apply, without loading the proxy code (its own bundle lane): `-x` first
 * (`-x ""` turns proxies off), else any of curl's proxy variables. Callers load proxy-env.ts and
 * proxy.ts only when this says yes, so a plain call pays nothing for proxy support.
 */
export const PROXY_VARS = ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY', 'all_proxy', 'ALL_PROXY']

export function proxyWanted(env: Readonly<Record<string, string | undefined>>, flag?: string): boolean {
  if (flag !== undefined) return flag !== ''
  return PROXY_VARS.some(n => env[n]?.trim())
}
