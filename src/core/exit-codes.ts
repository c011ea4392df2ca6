/**
 * Every exit code pvapi uses, in one place. Transport failures reuse curl's codes so
 * scripts written for curl keep working; the README's exit-code table mirrors this list.
 */
export const ExitCode = {
  Ok: 0,
  /** Unexpected internal error; for `doctor`: a hop fails. */
  Failure: 1,
  /** Bad flags, URL, or input the user typed. */
  Usage: 2,
  /** `doctor`: some checks could not be decided (unknowns) but none failed. */
  Incomplete: 3,
  /** Credentials could not be resolved, STS refused a role, or another AWS control-plane read failed. */
  Aws: 4,
  /** curl 5: the proxy's host name could not be resolved. */
  ProxyDns: 5,
  /** curl 6: the host name could not be resolved. */
  Dns: 6,
  /** curl 7: the connection was refused or the address is unreachable. */
  Connect: 7,
  /** curl 22: HTTP status >= 400 with --fail / --fail-with-body. */
  HttpError: 22,
  /** curl 23: the output could not be written. */
  Write: 23,
  /** curl 26: an input file (-d @file, --cacert, --cert …) could not be read. */
  Read: 26,
  /** curl 28: the connect timeout or --max-time elapsed. */
  Timeout: 28,
  /** curl 35: TLS handshake failed (including certificate verification; the message says which). */
  Tls: 35,
  /** curl 47: -L followed more redirects than --max-redirs allows. */
  TooManyRedirects: 47,
  /** curl 52: the server closed the connection without answering. */
  EmptyReply: 52,
  /** curl 56: the connection broke while receiving (reset). */
  Recv: 56,
  /** curl 58: the client certificate or key is unusable (--cert/--key). */
  LocalCert: 58,
  /** curl 77: the CA bundle is unusable (--cacert). */
  CaCert: 77,
  /** 128 + SIGINT: interrupted by Ctrl-C. */
  Interrupted: 130,
} as const

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode]
