/**
 * `pvapi call`'s TLS files: --cacert (or the CA bundle the environment or profile names),
 * --cert/--key (mTLS) and --proxy-cacert, read and proven usable before any request. A bad
 * PEM or a key that does not match is the user's to fix (curl 77/58), not a crash deep in
 * node:tls.
 */
import type { CaBundleChoice } from '../aws/ca-bundle.js'
import { PvapiError } from '../core/errors.js'
import { ExitCode } from '../core/exit-codes.js'
import type { TlsOptions } from '../http/send.js'
import type { CallFlags } from './call-flags.js'
import { readUserFile } from './files.js'

/**
 * Read --cacert/--cert/--key and prove them usable before any request: a bad PEM or a key
 * that does not match is the user's to fix (curl 77/58), not a crash deep in node:tls.
 */
export async function loadTlsFiles(
  o: Pick<CallFlags, 'insecure' | 'cert' | 'key'>,
  caChoice: CaBundleChoice,
): Promise<TlsOptions> {
  // --cacert, else AWS_CA_BUNDLE, the profile's ca_bundle, CURL_CA_BUNDLE, SSL_CERT_FILE (-k: none).
  const caPath = o.insecure ? undefined : caChoice.path
  const caName = `${caChoice.source === '--cacert' ? '--cacert' : `CA bundle (${caChoice.source})`} ${caPath}`
  const [ca, certFile, keyFile] = await Promise.all([
    caPath
      ? readUserFile(caPath, caChoice.source === '--cacert' ? 'CA bundle' : `CA bundle (${caChoice.source})`)
      : undefined,
    o.cert ? readUserFile(o.cert, 'client certificate') : undefined,
    o.key ? readUserFile(o.key, 'client key') : undefined,
  ])
  const certBlocks = certFile ? pemBlocks(certFile, /CERTIFICATE/) : undefined
  // curl accepts a --cert file that also holds the key.
  const keyBlocks = keyFile
    ? pemBlocks(keyFile, /PRIVATE KEY/)
    : certFile
      ? pemBlocks(certFile, /PRIVATE KEY/)
      : undefined
  if (ca && pemBlocks(ca, /CERTIFICATE/).length === 0) {
    throw new PvapiError(
      'PV_BAD_CACERT',
      `${caName}: no PEM certificate in it`,
      ExitCode.CaCert,
      'expected -----BEGIN CERTIFICATE----- blocks (convert DER with openssl x509 -inform der)',
    )
  }
  if (certBlocks && certBlocks.length === 0)
    throw new PvapiError(
      'PV_BAD_CERT',
      `--cert ${o.cert}: not a PEM certificate`,
      ExitCode.LocalCert,
      'expected -----BEGIN CERTIFICATE----- (convert DER with openssl x509 -inform der)',
    )
  if (keyFile && keyBlocks?.length === 0)
    throw new PvapiError(
      'PV_BAD_KEY',
      `--key ${o.key}: not a PEM private key`,
      ExitCode.LocalCert,
      'expected -----BEGIN PRIVATE KEY----- (or RSA/EC PRIVATE KEY)',
    )
  if (certBlocks && (!keyBlocks || keyBlocks.length === 0))
    throw new PvapiError(
      'PV_CERT_NO_KEY',
      `--cert ${o.cert} holds no private key`,
      ExitCode.LocalCert,
      'add --key FILE',
    )
  const out = {
    ...(ca ? { ca: pemBlocks(ca, /CERTIFICATE/).join('\n') } : {}),
    ...(certBlocks ? { cert: certBlocks.join('\n') } : {}),
    ...(keyBlocks && certBlocks ? { key: keyBlocks[0] as string } : {}),
  }
  if (!ca && !certFile && !keyFile) return {}
  // A bundle from the environment or the profile is usually the system's (144 certificates in
  // a Debian image): checking each one costs ~100 ms of every call, so only --cacert is checked
  // block by block; a broken environment bundle still fails cleanly at the handshake (35).
  if (!certFile && !keyFile && caChoice.source !== '--cacert') return out
  // node:tls and node:crypto load only here: every other command's start-up skips them.
  const [{ createSecureContext }, { X509Certificate, createPrivateKey }] = await Promise.all([
    import('node:tls'),
    import('node:crypto'),
  ])
  if (ca && caChoice.source === '--cacert') {
    // OpenSSL skips a CA block it cannot parse without a word, leaving an empty trust store and
    // a misleading "unable to get local issuer certificate" (35) later: check each block here.
    pemBlocks(ca, /CERTIFICATE/).forEach((block, i) => {
      try {
        new X509Certificate(block)
      } catch (err) {
        throw new PvapiError(
          'PV_BAD_CACERT',
          `${caName}: certificate #${i + 1} is unusable (${(err as Error).message})`,
          ExitCode.CaCert,
          'the PEM armour is there but what is inside is not a certificate: export the CA again',
          { cause: err },
        )
      }
    })
  }
  try {
    const { ca: _envCa, ...withoutCa } = out
    createSecureContext(caChoice.source === '--cacert' ? out : withoutCa)
    // OpenSSL silently drops a key that does not match the certificate; check it ourselves.
    if (out.cert && out.key && !new X509Certificate(out.cert).checkPrivateKey(createPrivateKey(out.key)))
      throw new Error('key values mismatch')
  } catch (err) {
    const msg = (err as Error).message
    if (ca && !certBlocks)
      throw new PvapiError('PV_BAD_CACERT', `${caName}: unusable (${msg})`, ExitCode.CaCert, undefined, {
        cause: err,
      })
    const mismatch = /key values mismatch|KEY_VALUES_MISMATCH/i.test(msg)
    throw new PvapiError(
      'PV_BAD_CERT',
      mismatch
        ? `--key ${o.key ?? o.cert} does not match the certificate in --cert ${o.cert}`
        : `--cert/--key unusable: ${msg}`,
      ExitCode.LocalCert,
      mismatch ? 'pass the private key that belongs to this certificate' : undefined,
      { cause: err },
    )
  }
  return out
}

/** The PEM blocks of a kind, each normalized to end with a newline. */
export function pemBlocks(buf: Buffer, kind: RegExp): string[] {
  const text = buf.toString('latin1')
  return [...text.matchAll(/-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g)]
    .filter(m => kind.test(m[1] ?? ''))
    .map(m => `${m[0]}\n`)
}

/** --proxy-cacert: the PEM certificates in it (at least one). */
export async function readProxyCa(path: string): Promise<string> {
  const pem = pemBlocks(await readUserFile(path, 'proxy CA bundle'), /CERTIFICATE/)
  if (pem.length === 0)
    throw new PvapiError(
      'PV_BAD_CACERT',
      `--proxy-cacert ${path}: no PEM certificate in it`,
      ExitCode.CaCert,
      'expected -----BEGIN CERTIFICATE----- blocks',
    )
  return pem.join('\n')
}
