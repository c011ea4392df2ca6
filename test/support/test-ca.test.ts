/**
 * The test PKI: certificates with the requested names and validity, usable by node:tls, cached.
 */
import { X509Certificate } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createTestPki } from './test-ca.js'

describe('createTestPki', () => {
  it('is created once per process', async () => {
    expect(await createTestPki()).toBe(await createTestPki())
  })

  it('issues server certificates with the requested SANs, signed by the root', async () => {
    const pki = await createTestPki()
    const { certPem } = await pki.issueServerCert({
      dnsNames: ['*.execute-api.us-east-1.amazonaws.com', 'api.example.internal'],
      ipAddresses: ['127.0.0.2'],
    })
    const cert = new X509Certificate(certPem)
    const root = new X509Certificate(pki.caPem)
    expect(cert.verify(root.publicKey)).toBe(true)
    expect(cert.checkIssued(root)).toBe(true)
    expect(cert.subjectAltName).toBe(
      'DNS:*.execute-api.us-east-1.amazonaws.com, DNS:api.example.internal, IP Address:127.0.0.2',
    )
    expect(cert.checkHost('a1b2c3d4e5.execute-api.us-east-1.amazonaws.com')).toBe(
      '*.execute-api.us-east-1.amazonaws.com',
    )
    expect(cert.checkHost('a.b.execute-api.us-east-1.amazonaws.com')).toBeUndefined() // wildcards cover one label
    expect(cert.ca).toBe(false)
    expect(root.ca).toBe(true)
  })

  it('issues client certificates with the given CN', async () => {
    const pki = await createTestPki()
    const client = await pki.issueClientCert({ cn: 'alice' })
    expect(client.subject).toBe('CN=alice')
    expect(new X509Certificate(client.certPem).keyUsage).toContain('1.3.6.1.5.5.7.3.2')
  })

  it('makes the broken certificates transport tests need', async () => {
    const pki = await createTestPki()
    const root = new X509Certificate(pki.caPem)
    const wrong = new X509Certificate((await pki.wrongNameCert()).certPem)
    expect(wrong.checkHost('localhost')).toBeUndefined()
    const expired = new X509Certificate((await pki.expiredCert()).certPem)
    expect(Date.parse(expired.validTo)).toBeLessThan(Date.now())
    expect(expired.checkIssued(root)).toBe(true)
    const untrusted = await pki.untrustedCert()
    expect(new X509Certificate(untrusted.certPem).checkIssued(root)).toBe(false)
    expect(
      new X509Certificate(untrusted.certPem).checkIssued(new X509Certificate(untrusted.untrustedCaPem)),
    ).toBe(true)
  })

  it('honours notBefore / notAfter', async () => {
    const pki = await createTestPki()
    const notBefore = new Date('2030-01-01T00:00:00Z')
    const notAfter = new Date('2030-02-01T00:00:00Z')
    const cert = new X509Certificate(
      (await pki.issueServerCert({ dnsNames: ['x.test'], notBefore, notAfter })).certPem,
    )
    expect(new Date(cert.validFrom).toISOString()).toBe(notBefore.toISOString())
    expect(new Date(cert.validTo).toISOString()).toBe(notAfter.toISOString())
  })
})
