export interface WhoamiFacts {
  readonly account: string
  readonly arn: string
  readonly userId: string
  readonly source: string
  readonly accessKeyId: string
  readonly region: string
  readonly roles: ReadonlyArray<{
    roleArn: string
    assumedRoleArn: string
    sessionName: string
    expiration?: string
    /** From the session cache (~/.aws/cli/cache), not a new AssumeRole. */
    cached?: boolean
  }>
  readonly expiration?: string
}

export function renderWhoamiText(w: WhoamiFacts): string {
  const lines = [
    `account     ${w.account}`,
    `arn         ${w.arn}`,
    `source      ${w.source}`,
    `access key  ${w.accessKeyId}`,
    `region      ${w.region}`,
  ]
  if (w.expiration) lines.push(`expires     ${w.expiration}`)
  for (const [i, r] of w.roles.entries()) {
    lines.push(
      `role ${i + 1}      ${r.roleArn} (session ${r.sessionName}${r.expiration ? `, expires ${r.expiration}` : ''}${r.cached ? ', cached' : ''})`,
    )
  }
  return lines.join('\n') + '\n'
}
