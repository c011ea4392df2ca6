import type { ChalkInstance } from 'chalk'
import type { ScaffoldOutput } from '../policy/index.js'

/** `pvapi policy scaffold --format json`. */
export function renderScaffoldJson(s: ScaffoldOutput): string {
  return `${JSON.stringify(s, null, 2)}\n`
}

/**
 * `pvapi policy scaffold`: each policy as pretty JSON under a heading that says where it
 * goes, then the security-group commands, then the notes. Headings are `#` comments so the
 * output can be pasted into a shell script or split on them.
 */
export function renderScaffoldText(s: ScaffoldOutput, col: ChalkInstance): string {
  const api = `${s.api.apiId} (${s.api.region}, account ${s.api.account}, stage ${s.api.stage})`
  const block = (title: string, where: string, doc: unknown): string =>
    `${col.bold(`# ${title}`)}\n${col.dim(`# ${where}`)}\n${JSON.stringify(doc, null, 2)}\n`
  const out = [
    col.dim(`# least-privilege set for ${s.roleArn} calling ${api} through ${s.vpceId}`),
    col.dim(`# routes: ${s.routes.map(r => `${r.method} ${r.path}`).join(', ')}`),
    '',
    block(
      'VPC endpoint policy',
      `aws ec2 modify-vpc-endpoint --vpc-endpoint-id ${s.vpceId} --policy-document file://endpoint-policy.json`,
      s.vpcEndpointPolicy,
    ),
    block(
      'API resource policy',
      `aws apigateway update-rest-api --rest-api-id ${s.api.apiId} --patch-operations op=replace,path=/policy,value=… ; then create a deployment`,
      s.resourcePolicy,
    ),
    block(
      'caller identity policy',
      `aws iam put-role-policy --role-name ${s.roleArn.split('/').pop() ?? ''} --policy-name invoke-${s.api.apiId} --policy-document file://identity-policy.json`,
      s.identityPolicy,
    ),
    col.bold('# security-group rules (TCP 443, caller → endpoint)'),
    ...s.securityGroupRules.flatMap(r => [col.dim(`# ${r.description}`), r.command]),
  ]
  if (s.notes.length > 0) out.push('', ...s.notes.map(n => col.dim(`# note: ${n}`)))
  return `${out.join('\n')}\n`
}
