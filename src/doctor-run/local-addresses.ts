/**
 * This host's addresses, for the probe's vantage: does it run where the caller does, and can it
 * reach the endpoint over IPv6 too? Pure over a `networkInterfaces()` result, which the caller
 * passes in (the CLI reads node:os).
 */

/** The shape of `os.networkInterfaces()` this module reads. */
export type Interfaces = Readonly<
  Record<
    string,
    readonly { readonly family: string; readonly address: string; readonly internal: boolean }[] | undefined
  >
>

function external(ifaces: Interfaces) {
  return Object.values(ifaces)
    .flatMap(list => list ?? [])
    .filter(i => !i.internal)
}

/** The host's IPv4 addresses, loopback left out. */
export function localIpv4(ifaces: Interfaces): string[] {
  return external(ifaces)
    .filter(i => i.family === 'IPv4')
    .map(i => i.address)
}

/** Whether the host has a global IPv6 address (not loopback, not link-local fe80::/10). */
export function hasGlobalIpv6(ifaces: Interfaces): boolean {
  return external(ifaces).some(i => i.family === 'IPv6' && !/^fe[89ab]/i.test(i.address))
}
