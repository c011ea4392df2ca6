/** The probe's vantage from a networkInterfaces() result (src/doctor-run/local-addresses.ts). */
import { describe, expect, it } from 'vitest'
import { hasGlobalIpv6, localIpv4 } from '../../src/doctor-run/local-addresses.js'

const iface = (family: string, address: string, internal = false) => ({ family, address, internal })

describe('local addresses', () => {
  it('lists the external IPv4 addresses of every interface, loopback left out', () => {
    const ifaces = {
      lo: [iface('IPv4', '127.0.0.1', true), iface('IPv6', '::1', true)],
      eth0: [iface('IPv4', '10.0.1.15'), iface('IPv6', 'fe80::1')],
      eth1: [iface('IPv4', '192.168.1.2')],
      down: undefined,
    }
    expect(localIpv4(ifaces)).toEqual(['10.0.1.15', '192.168.1.2'])
  })

  it('counts a global IPv6 address, not loopback or link-local fe80::/10', () => {
    expect(hasGlobalIpv6({ lo: [iface('IPv6', '::1', true)] })).toBe(false)
    for (const ll of ['fe80::1', 'FE90::1', 'fea0::1', 'febf::1'])
      expect(hasGlobalIpv6({ eth0: [iface('IPv6', ll)] }), ll).toBe(false)
    expect(hasGlobalIpv6({ eth0: [iface('IPv6', '2600:1f18::5')] })).toBe(true)
    expect(hasGlobalIpv6({ eth0: [iface('IPv6', 'fec0::1')] })).toBe(true)
    expect(hasGlobalIpv6({ eth0: [iface('IPv4', '10.0.0.1')] })).toBe(false)
  })
})
