/**
 * A throw-away PKI made at test time, in memory: a root CA, server and client leaf
 * certificates, and the broken certificates transport tests need (wrong name, expired,
 * signed by a CA the client does not trust).
 *
 * ECDSA P-256 keeps it fast: every key pair is generated once per process and reused, so
 * issuing a certificate costs one signature. All PEM output loads directly into `node:tls`
 * (`cert`, `key`, `ca`).
 */
import './reflect-metadata-shim.js'
import { webcrypto, X509Certificate as NodeX509 } from 'node:crypto'
import type { webcrypto as WebCrypto } from 'node:crypto'
import * as x509 from '@peculiar/x509'

// @peculiar/x509 types its provider with the DOM `Crypto`; node's webcrypto is compatible.
x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0])

type CryptoKey = WebCrypto.CryptoKey
type CryptoKeyPair = WebCrypto.CryptoKeyPair

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const
const DAY = 24 * 60 * 60 * 1000

/** A certificate and its private key, both PEM. */
export interface CertAndKey {
  readonly certPem: string
  readonly keyPem: string
  /** The subject DN as node:tls reports it, e.g. `CN=pvapi test client`. */
  readonly subject: string
}

export interface ServerCertOptions {
  readonly dnsNames?: readonly string[]
  readonly ipAddresses?: readonly string[]
  /** @default 'pvapi test server' */
  readonly cn?: string
  /** @default one hour ago */
  readonly notBefore?: Date
  /** @default 30 days from now */
  readonly notAfter?: Date
}

export interface ClientCertOptions {
  readonly cn: string
  readonly notBefore?: Date
  readonly notAfter?: Date
}

export interface TestPki {
  /** The trusted root: pass as `ca` to clients (and to an mTLS server). */
  readonly caPem: string
  readonly ca: CertAndKey
  issueServerCert(opts: ServerCertOptions): Promise<CertAndKey>
  issueClientCert(opts: ClientCertOptions): Promise<CertAndKey>
  /** Valid and trusted, but its only name is `wrong-name.pvapi.invalid` (ERR_TLS_CERT_ALTNAME_INVALID). */
  wrongNameCert(): Promise<CertAndKey>
  /** Trusted and matching `dnsNames`/`ipAddresses`, but expired yesterday (CERT_HAS_EXPIRED). */
  expiredCert(opts?: Pick<ServerCertOptions, 'dnsNames' | 'ipAddresses'>): Promise<CertAndKey>
  /**
   * Matching names, but issued by a second root that clients do not trust
   * (UNABLE_TO_VERIFY_LEAF_SIGNATURE). `untrustedCaPem` is that other root.
   */
  untrustedCert(
    opts?: Pick<ServerCertOptions, 'dnsNames' | 'ipAddresses'>,
  ): Promise<CertAndKey & { untrustedCaPem: string }>
  /** A client certificate from the untrusted root: an mTLS server must refuse it. */
  untrustedClientCert(opts: ClientCertOptions): Promise<CertAndKey>
}

/** Names every fake server answers for unless told otherwise. */
export const DEFAULT_LOOPBACK_NAMES = { dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'] } as const

interface Authority {
  readonly cert: x509.X509Certificate
  readonly keys: CryptoKeyPair
  readonly pem: CertAndKey
}

let pkiPromise: Promise<TestPki> | undefined

/** The process-wide test PKI (created on first use, then cached). */
export function createTestPki(): Promise<TestPki> {
  pkiPromise ??= buildPki()
  return pkiPromise
}

async function buildPki(): Promise<TestPki> {
  // Three key pairs for the whole process: trusted root, untrusted root, and one leaf key
  // shared by every leaf certificate (tests never depend on leaf keys being distinct).
  const [rootKeys, otherRootKeys, leafKeys] = await Promise.all([newKeys(), newKeys(), newKeys()])
  const root = await makeRoot('CN=pvapi test root CA, O=pvapi tests', rootKeys)
  const otherRoot = await makeRoot('CN=pvapi UNTRUSTED root CA, O=somebody else', otherRootKeys)
  const leafKeyPem = await keyToPem(leafKeys.privateKey)

  const issue = async (
    issuer: Authority,
    cn: string,
    kind: 'server' | 'client',
    o: Omit<ServerCertOptions, 'cn'>,
  ): Promise<CertAndKey> => {
    const names: x509.JsonGeneralName[] = [
      ...(o.dnsNames ?? []).map(value => ({ type: 'dns' as const, value })),
      ...(o.ipAddresses ?? []).map(value => ({ type: 'ip' as const, value })),
    ]
    const now = Date.now()
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber: randomSerial(),
      subject: `CN=${escapeDn(cn)}`,
      issuer: issuer.cert.subject,
      notBefore: o.notBefore ?? new Date(now - 60 * 60 * 1000),
      notAfter: o.notAfter ?? new Date(now + 30 * DAY),
      signingAlgorithm: ALG,
      publicKey: leafKeys.publicKey,
      signingKey: issuer.keys.privateKey,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([
          kind === 'server' ? x509.ExtendedKeyUsage.serverAuth : x509.ExtendedKeyUsage.clientAuth,
        ]),
        ...(names.length > 0 ? [new x509.SubjectAlternativeNameExtension(names)] : []),
        await x509.AuthorityKeyIdentifierExtension.create(issuer.keys.publicKey),
      ],
    })
    const certPem = cert.toString('pem')
    return { certPem, keyPem: leafKeyPem, subject: subjectOf(certPem) }
  }

  const defaults = (o?: Pick<ServerCertOptions, 'dnsNames' | 'ipAddresses'>) => ({
    dnsNames: o?.dnsNames ?? DEFAULT_LOOPBACK_NAMES.dnsNames,
    ipAddresses: o?.ipAddresses ?? DEFAULT_LOOPBACK_NAMES.ipAddresses,
  })

  return {
    caPem: root.pem.certPem,
    ca: root.pem,
    issueServerCert: o => issue(root, o.cn ?? 'pvapi test server', 'server', o),
    issueClientCert: o => issue(root, o.cn, 'client', o),
    wrongNameCert: () =>
      issue(root, 'wrong-name.pvapi.invalid', 'server', { dnsNames: ['wrong-name.pvapi.invalid'] }),
    expiredCert: o =>
      issue(root, 'pvapi expired server', 'server', {
        ...defaults(o),
        notBefore: new Date(Date.now() - 10 * DAY),
        notAfter: new Date(Date.now() - DAY),
      }),
    untrustedCert: async o => ({
      ...(await issue(otherRoot, 'pvapi untrusted server', 'server', defaults(o))),
      untrustedCaPem: otherRoot.pem.certPem,
    }),
    untrustedClientCert: o => issue(otherRoot, o.cn, 'client', o),
  }
}

async function makeRoot(name: string, keys: CryptoKeyPair): Promise<Authority> {
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name,
    notBefore: new Date(Date.now() - DAY),
    notAfter: new Date(Date.now() + 365 * DAY),
    signingAlgorithm: ALG,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  })
  const certPem = cert.toString('pem')
  return {
    cert,
    keys,
    pem: { certPem, keyPem: await keyToPem(keys.privateKey), subject: subjectOf(certPem) },
  }
}

function newKeys(): Promise<CryptoKeyPair> {
  return webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify']) as Promise<CryptoKeyPair>
}

async function keyToPem(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', key))
  const b64 = der.toString('base64').replace(/(.{64})/g, '$1\n')
  return `-----BEGIN PRIVATE KEY-----\n${b64.trimEnd()}\n-----END PRIVATE KEY-----\n`
}

function randomSerial(): string {
  // Positive 16-byte serial (high bit clear), hex.
  const bytes = webcrypto.getRandomValues(new Uint8Array(16))
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x01
  return Buffer.from(bytes).toString('hex')
}

function escapeDn(value: string): string {
  return value.replace(/([,+"\\<>;=])/g, '\\$1')
}

/** Subject in node's one-line form (`CN=…`), as `getPeerCertificate().subject` shows it. */
function subjectOf(certPem: string): string {
  return new NodeX509(certPem).subject.replace(/\n/g, ', ')
}
