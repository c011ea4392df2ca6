/**
 * The fakes' view of IAM credentials: access key id → secret, session token and who it is.
 *
 * One `CredentialStore` is shared between the fake STS and the fake gateway: credentials
 * that fake STS issues from AssumeRole are added here, so the gateway can verify requests
 * signed with them and report the assumed-role ARN as the caller.
 */

export interface StoredCredential {
  readonly secretAccessKey: string
  /** Set for temporary (ASIA…) credentials: the request must carry exactly this token. */
  readonly sessionToken?: string
  /** e.g. `arn:aws:iam::111111111111:user/alice` or `arn:aws:sts::222222222222:assumed-role/Reader/sess`. */
  readonly principalArn?: string
  /** GetCallerIdentity's UserId: `AIDA…` for a user, `AROA…:session` for a role session. */
  readonly userId?: string
  /** Temporary credentials stop working after this instant (ExpiredTokenException). */
  readonly expiresAt?: Date
  /** How many role hops produced these credentials (0 = long-term); STS limits chained sessions to 1 h. */
  readonly chainDepth?: number
}

export interface CredentialRecord extends StoredCredential {
  readonly accessKeyId: string
}

export class CredentialStore {
  readonly #byKey = new Map<string, StoredCredential>()

  /** Add or replace a key. Returns the record for convenient destructuring in tests. */
  add(accessKeyId: string, credential: StoredCredential): CredentialRecord {
    this.#byKey.set(accessKeyId, credential)
    return { accessKeyId, ...credential }
  }

  get(accessKeyId: string): StoredCredential | undefined {
    return this.#byKey.get(accessKeyId)
  }

  delete(accessKeyId: string): boolean {
    return this.#byKey.delete(accessKeyId)
  }

  get size(): number {
    return this.#byKey.size
  }

  list(): CredentialRecord[] {
    return [...this.#byKey].map(([accessKeyId, c]) => ({ accessKeyId, ...c }))
  }
}

/** Account id from an IAM/STS ARN (`arn:aws:iam::111111111111:user/x` → `111111111111`). */
export function accountOf(arn: string): string | undefined {
  return /^arn:aws[\w-]*:(?:iam|sts)::(\d{12}):/.exec(arn)?.[1]
}
