import type { ChalkInstance } from 'chalk'
import type {
  ConditionExplanation,
  DenialHint,
  LayerEvaluation,
  RequestEvaluation,
  StatementEvaluation,
} from '../policy/index.js'

/** `pvapi policy eval --format json`: the evaluation and the hints, as data. */
export function renderPolicyEvalJson(result: RequestEvaluation, hints: readonly DenialHint[]): string {
  return `${JSON.stringify({ ...result, hints }, null, 2)}\n`
}

const DECISION_TEXT = {
  allow: 'allow',
  'explicit-deny': 'explicit deny',
  'implicit-deny': 'implicit deny',
} as const

const list = (v: readonly string[] | null): string =>
  v === null ? '(absent)' : v.length === 0 ? '(empty)' : v.map(x => JSON.stringify(x)).join(', ')

function conditionLine(c: ConditionExplanation, col: ChalkInstance): string {
  const mark = c.matched ? col.green('true ') : col.red('false')
  const expected = c.resolved ? `${list(c.expected)} → ${list(c.resolved)}` : list(c.expected)
  return `${mark} ${c.operator} ${c.key}  expected ${expected}  actual ${list(c.actual)}${c.reason ? col.dim(`  (${c.reason})`) : ''}`
}

/** Why a statement does not apply, naming the first element that failed. */
function whyNot(s: StatementEvaluation): string {
  if (s.malformed && !s.applies)
    return `malformed: AWS would not have accepted this policy (${s.malformed.join('; ')})`
  if (!s.principalMatched) return 'principal does not match'
  if (!s.actionMatched) return 'action does not match'
  if (!s.resourceMatched) return 'resource does not match'
  return 'a condition is false'
}

function statementLines(s: StatementEvaluation, col: ChalkInstance): string[] {
  const name = `Statement[${s.index}]${s.sid ? ` ${s.sid}` : ''}`
  const head = s.applies
    ? `${s.effect === 'Deny' ? col.red('✖') : col.green('✔')} ${name}  ${s.effect}  applies`
    : `${col.dim('·')} ${name}  ${s.effect}  ${col.dim(whyNot(s))}`
  // Conditions only matter once principal, action and resource match.
  const showConditions = s.principalMatched && s.actionMatched && s.resourceMatched
  return [head, ...(showConditions ? s.conditions.map(c => `    ${conditionLine(c, col)}`) : [])]
}

function layerLines(l: LayerEvaluation, n: number, col: ChalkInstance): string[] {
  const paint = l.decision === 'allow' ? col.green : l.decision === 'explicit-deny' ? col.red : col.yellow
  const head = `${n}. ${col.bold(l.label)}  ${paint(DECISION_TEXT[l.decision])}${l.applies ? '' : col.dim('  (not consulted)')}  ${col.dim(`caller: ${l.caller}`)}`
  const lines = [head]
  if (l.note) lines.push(`     ${col.dim(l.note)}`)
  for (const s of l.statements) lines.push(...statementLines(s, col).map(x => `     ${x}`))
  return lines
}

/**
 * `pvapi policy eval`: the decision, then each layer in API Gateway's order with its
 * statements and conditions, then what would make a denial pass.
 */
export function renderPolicyEvalText(
  r: RequestEvaluation,
  hints: readonly DenialHint[],
  col: ChalkInstance,
): string {
  const verdict =
    r.decision === 'allow'
      ? col.green.bold('ALLOW')
      : `${col.red.bold('DENY')} ${col.red(`(${DECISION_TEXT[r.decision]})`)}${r.deniedBy ? ` by the ${r.deniedBy.replace(/-/g, ' ')}` : ''}`
  const auth = [
    r.authorizationType,
    `Authorization header: ${r.authentication.header}`,
    ...(r.table
      ? [
          `${r.sameAccount ? 'same account' : 'cross-account'} (Table ${r.table}: ${r.table === 'A' ? 'either side may allow' : 'both sides must allow'})`,
        ]
      : []),
  ].join(', ')
  const out = [
    verdict,
    `  principal  ${r.principal}`,
    `  action     ${r.action}`,
    `  resource   ${r.resource}`,
    `  auth       ${auth}`,
  ]
  if (!r.authentication.ok)
    out.push(
      `  ${col.red('authentication fails:')} ${r.authentication.errorType ?? ''} ${r.authentication.reason ?? ''}`.trimEnd(),
    )
  out.push('')
  for (const [i, l] of r.layers.entries()) out.push(...layerLines(l, i + 1, col))
  if (hints.length > 0) {
    out.push('', col.bold('what would make it pass:'))
    for (const h of hints) {
      out.push(`  - ${h.message}`)
      if (h.suggestedStatement) out.push(`    ${col.dim('add:')} ${JSON.stringify(h.suggestedStatement)}`)
    }
  }
  if (r.response)
    out.push(
      '',
      `${col.dim('the client would see:')} ${r.response.status} ${r.response.errorType} "${r.response.message}"${r.response.documented ? '' : col.dim(' (text not documented by AWS)')}`,
    )
  if (r.notes.length > 0) out.push('', ...r.notes.map(n => col.dim(`note: ${n}`)))
  return `${out.join('\n')}\n`
}
