/**
 * IP addresses and CIDR blocks (conditions/ip.ts): the exact value each form parses to, what
 * is refused, and block membership at the edges of a prefix.
 */
import { describe, expect, it } from 'vitest'
import { ipInBlock, parseIpBlock } from '../../src/policy/conditions/ip.js'

const block = (text: string) => {
  const b = parseIpBlock(text)
  if (!b) throw new Error(`${text} did not parse`)
  return b
}
const inside = (ip: string, cidr: string): boolean => ipInBlock(block(ip), block(cidr))

describe('parseIpBlock', () => {
  it('reads IPv4 addresses and blocks to their bits and prefix', () => {
    expect(parseIpBlock('10.1.2.3')).toEqual({ family: 4, bits: 0x0a010203n, prefix: 32 })
    expect(parseIpBlock(' 192.168.0.0/16 ')).toEqual({ family: 4, bits: 0xc0a80000n, prefix: 16 })
    expect(parseIpBlock('255.255.255.255/0')).toEqual({ family: 4, bits: 0xffffffffn, prefix: 0 })
  })

  it.each([
    '10.1.2',
    '10.1.2.3.4',
    '10.1.2.256',
    '10.1.2.1000',
    '10.1.2.x',
    '10.1.2.-1',
    '10.1.2.3a',
    '10.0.0.0/33',
    '10.0.0.0/',
    '10.0.0.0/1a',
    '10.0.0.0/0001',
    '',
  ])('refuses %j', text => {
    expect(parseIpBlock(text)).toBeUndefined()
  })

  it('reads IPv6 in full, compressed and with an IPv4 tail', () => {
    expect(parseIpBlock('2001:db8:0:0:0:0:0:1')).toEqual({
      family: 6,
      bits: (0x20010db8n << 96n) | 1n,
      prefix: 128,
    })
    expect(parseIpBlock('2001:db8::1')).toEqual({ family: 6, bits: (0x20010db8n << 96n) | 1n, prefix: 128 })
    expect(parseIpBlock('::1')).toEqual({ family: 6, bits: 1n, prefix: 128 })
    expect(parseIpBlock('::')).toEqual({ family: 6, bits: 0n, prefix: 128 })
    expect(parseIpBlock('1::')).toEqual({ family: 6, bits: 1n << 112n, prefix: 128 })
    expect(parseIpBlock('2001:DB8::/32')).toEqual({ family: 6, bits: 0x20010db8n << 96n, prefix: 32 })
    expect(parseIpBlock('::ffff:10.0.0.1')).toEqual({
      family: 6,
      bits: (0xffffn << 32n) | 0x0a000001n,
      prefix: 128,
    })
    // '::' may stand for a single group (RFC 4291 allows it; RFC 5952 only discourages it).
    expect(parseIpBlock('1:2:3:4:5:6::8')?.bits).toBe(
      (0x0001000200030004n << 64n) | (0x00050006n << 32n) | 8n,
    )
    expect(parseIpBlock('64:ff9b::192.0.2.1/128')?.bits).toBe((0x64ff9bn << 96n) | 0xc0000201n)
  })

  it.each([
    '1:2:3:4:5:6:7',
    '1:2:3:4:5:6:7:8:9',
    '1::2::3',
    '1:2:3:4:5:6:7::8',
    '12345::',
    'g::1',
    '::ffff:10.0.0.256',
    '::1/129',
  ])('refuses %j', text => {
    expect(parseIpBlock(text)).toBeUndefined()
  })
})

describe('ipInBlock', () => {
  it('holds inside the prefix and not one past either end', () => {
    expect(inside('10.1.0.0', '10.1.0.0/16')).toBe(true)
    expect(inside('10.1.255.255', '10.1.0.0/16')).toBe(true)
    expect(inside('10.0.255.255', '10.1.0.0/16')).toBe(false)
    expect(inside('10.2.0.0', '10.1.0.0/16')).toBe(false)
    expect(inside('10.1.2.3', '10.1.2.3')).toBe(true)
    expect(inside('10.1.2.4', '10.1.2.3')).toBe(false)
    expect(inside('1.2.3.4', '0.0.0.0/0')).toBe(true)
    expect(inside('2001:db8::ffff', '2001:db8::/32')).toBe(true)
    expect(inside('2001:db9::', '2001:db8::/32')).toBe(false)
  })

  it('compares an IPv4-mapped IPv6 address as IPv4, and never mixes families otherwise', () => {
    expect(inside('::ffff:10.1.2.3', '10.1.0.0/16')).toBe(true)
    expect(inside('::ffff:10.2.2.3', '10.1.0.0/16')).toBe(false)
    expect(inside('::fffe:10.1.2.3', '10.1.0.0/16')).toBe(false)
    expect(inside('10.1.2.3', '::/0')).toBe(false)
    expect(inside('::1', '0.0.0.0/0')).toBe(false)
  })
})
