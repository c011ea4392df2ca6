/**
 * `pvapi doctor`: the options, then flags → settings (../doctor-flags.ts) → a snapshot (saved
 * with --snapshot, or collected live by src/doctor-run/live.ts) → the report, rendered.
 */
import { networkInterfaces } from 'node:os'
import type { Command } from 'commander'
import { usageError } from '../../core/errors.js'
import { ExitCode } from '../../core/exit-codes.js'
import { terminalSafeDeep } from '../../core/terminal-text.js'
import type { DoctorSnapshot, SuppliedFacts } from '../../doctor/snapshot.js'
import type { LiveLimits, LiveProbe } from '../../doctor-run/live.js'
import type { CliContext } from '../context.js'
import { addCredentialOptions } from '../credential-options.js'
import {
  checkCallerFlags,
  checkFormat,
  checkReplayFlags,
  checkReplayProbe,
  checkSkip,
  DEFAULT_TIMEOUT_S,
  type DoctorFlags,
  doctorCredentials,
  liveSettings,
  parseLimits,
  parseProbeFlags,
} from '../doctor-flags.js'
import { withProgress, writeOut } from '../io.js'
import { addFrontDoorOptions } from './doctor-front-door-flags.js'

const collect = (v: string, prev: string[] = []) => [...prev, v]

export function registerDoctor(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('doctor')
    .description(
      'diagnose a private API call hop by hop (read-only): which layer denies it, which rule, and the fix',
    )
    .argument('[url]', 'the URL the caller uses, in any name form pvapi call accepts')
    .option('-X, --request <method>', 'HTTP method of the call (default GET)')
    .option('--api-id <id>', 'REST API id (with a vpce-… URL, or with --stage instead of a URL)')
    .option('--region <region>', 'API region (default: from the host name, else the AWS config)')
    .option('--stage <stage>', 'stage, when no URL is given')
    .option('--path <path>', 'resource path, when no URL is given (default /)')
    .option('--vpce <id-or-dns>', 'the caller goes through this VPC endpoint (endpoint-specific name)')
    .option('--host-mode <mode>', 'on a vpce name: header (x-apigw-api-id) or host (Host override)', 'header')
  addFrontDoorOptions(addCredentialOptions(cmd))
    .option('--lambda <name-or-arn>', 'the caller is this Lambda function: its VPC config and execution role')
    .option(
      '--from-imds',
      'the caller is this EC2 instance: read its VPC, subnet, security groups and IP from IMDSv2',
    )
    .option('--vpc <id>', "the caller's VPC")
    .option('--subnet <id>', "the caller's subnet (repeatable)", collect, [])
    .option('--caller-sg <id>', "the caller's security group (repeatable)", collect, [])
    .option('--caller-ip <ip>', "the caller's private IP, IPv4 or IPv6 (repeatable)", collect, [])
    .option(
      '--caller-cidr <cidr>',
      'an on-premises caller (Direct Connect or VPN): its address range (repeatable; needs --from-vpc)',
      collect,
      [],
    )
    .option(
      '--from-vpc <id>',
      "with --caller-cidr: the VPC the on-premises traffic enters (usually the endpoint's)",
    )
    .option(
      '--caller-assumes-role',
      'the caller calls sts:AssumeRole from inside the VPC before calling the API',
    )
    .option('--api-profile <name>', "profile for reading the API owner's account (B)")
    .option('--api-role-arn <arn>', 'role to assume for reading account B (repeatable: a chain)', collect, [])
    .option('--api-external-id <id>', 'external ID for --api-role-arn', collect, [])
    .option('--api-account <id>', "the API owner's account id, when it cannot be read")
    .option(
      '--resource-policy <file>',
      "the API's resource policy, when account B cannot be read (or to try a change)",
    )
    .option('--endpoint-policy <file>', 'the VPC endpoint policy, to use instead of the one read')
    .option(
      '--identity-policy <file>',
      "the caller's identity policy (repeatable), instead of the ones read",
      collect,
      [],
    )
    .option('--scp <file>', "a service control policy of the caller's account (repeatable)", collect, [])
    .option('--authorizer-policy <file>', 'the policy a Lambda authorizer returns for this caller')
    .option('--dns-server <ip[:port]>', 'resolve with this DNS server instead of the system resolver')
    .option(
      '--auth-header <kind>',
      'what the client sends in Authorization: sigv4 (default), none, or other (e.g. a bearer token)',
    )
    .option('--signing-region <region>', 'the region the failing client signs with, if not the API region')
    .option('--signing-service <name>', 'the service the failing client signs with, if not execute-api')
    .option('--client-tls <version>', 'the newest TLS version the failing client speaks: 1.2 or 1.3')
    .option('--skip <check-or-hop>', 'skip a check id or a hop number (repeatable)', collect, [])
    .option('--format <format>', 'text | json | markdown', 'text')
    .option('--snapshot <file>', 'diagnose a saved snapshot, offline (no AWS calls)')
    .option('--save-snapshot <file>', 'write what was collected (no secrets) for --snapshot or a ticket')
    .option('--print-iam-policy', 'print the read-only IAM policy the doctor needs in each account')
    .option('--list-checks', 'list the checks, their hops and field guide rows')
    .option('-v, --verbose', 'show the evidence of passing checks too')
    .option(
      '--probe',
      'after reading the configuration, send live requests (signed, unsigned, and pinned to each endpoint ENI) and reconcile them with it',
    )
    .option('--probe-method <method>', 'the only method the probe sends (default GET): pick a harmless route')
    .option('--probe-path <path>', "path and query the probe sends (default: the URL's)")
    .option('--probe-timeout <seconds>', 'limit per probe request (default 5)')
    .option(
      '--timeout <seconds>',
      `bound on the whole live run (default ${DEFAULT_TIMEOUT_S}): then the checks run on what was read`,
    )
    .option('--aws-connect-timeout <seconds>', 'connection limit per AWS request attempt (default 3)')
    .option('--aws-read-timeout <seconds>', 'answer limit per AWS request attempt (default 10)')
    .action(async (url: string | undefined, o: DoctorFlags) => {
      checkFormat(o.format)
      if (o.printIamPolicy) {
        const [{ doctorIamPolicies }, { renderIamPoliciesText }] = await Promise.all([
          import('../../doctor/permissions.js'),
          import('../../render/doctor-misc.js'),
        ])
        const p = doctorIamPolicies()
        ctx.io.out(o.format === 'json' ? JSON.stringify(p, null, 2) + '\n' : renderIamPoliciesText(p))
        return
      }
      const { CHECKS } = await import('../../doctor/checks/index.js')
      if (o.listChecks) {
        const { renderCheckList } = await import('../../render/doctor-misc.js')
        ctx.io.out(renderCheckList(CHECKS))
        return
      }
      checkSkip(o.skip, CHECKS)
      const probe = parseProbeFlags(o)
      const limits = parseLimits(o)
      checkCallerFlags(o)
      if (!o.snapshot && (o.fromApi !== undefined || o.vpcLink !== undefined))
        (await import('./doctor-front-door.js')).checkFrontDoorFlags(url, o)
      const [{ readSupplied }, { readUserFile }] = await Promise.all([
        import('../../doctor-run/supplied.js'),
        import('../files.js'),
      ])
      const supplied = await readSupplied(o, readUserFile)
      const snapshot = o.snapshot
        ? await replay(url, o, o.snapshot, supplied)
        : await collectLive(url, o, supplied, ctx, limits, probe)
      await report(snapshot, o, ctx)
    })
}

/** Read a saved snapshot, or a scenario file that wraps one (`{ snapshot, expect }`). */
export async function loadSnapshot(path: string): Promise<DoctorSnapshot> {
  const [{ readUserFile }, { readSnapshotText }] = await Promise.all([
    import('../files.js'),
    import('../../doctor/snapshot-file.js'),
  ])
  const read = readSnapshotText((await readUserFile(path, 'snapshot')).toString('utf8'))
  if ('problem' in read) throw usageError('PV_BAD_SNAPSHOT', `--snapshot ${path}: ${read.problem}`, read.hint)
  return read.snapshot
}

/** `--snapshot FILE`: the saved collection, with the policies supplied now laid over it. */
async function replay(
  url: string | undefined,
  o: DoctorFlags,
  path: string,
  supplied: SuppliedFacts,
): Promise<DoctorSnapshot> {
  checkReplayFlags(url, o)
  const { withSupplied } = await import('../../doctor-run/supplied.js')
  const snapshot = withSupplied(await loadSnapshot(path), supplied)
  checkReplayProbe(o, snapshot)
  return snapshot
}

/** Collect live (src/doctor-run/live.ts) with this process's ports; then --save-snapshot. */
async function collectLive(
  url: string | undefined,
  o: DoctorFlags,
  supplied: SuppliedFacts,
  ctx: CliContext,
  limits: LiveLimits,
  probe: LiveProbe | undefined,
): Promise<DoctorSnapshot> {
  const settings = liveSettings(url, o, supplied, limits, probe)
  let snapshot: DoctorSnapshot
  try {
    snapshot = await (await import('../../doctor-run/live.js')).collectLive(settings, {
      env: ctx.env,
      interrupt: ctx.signal,
      now: () => new Date(),
      credentials: () => doctorCredentials(o, ctx),
      progress: (text, work) => withProgress(ctx.io, text, work),
      interfaces: networkInterfaces,
    })
  } finally {
    // Requests that outlive the run (a credential provider, a DNS query, a request that timed
    // out and whose socket lingers) must not keep the process alive: the report says it all.
    ctx.exitPromptly?.()
  }
  // Stopped (deadline, Ctrl-C): no snapshot file; the report shows what was read.
  if (o.saveSnapshot && !snapshot.collection?.stoppedBy) {
    // Atomic (files.ts): an interrupted run never leaves half a snapshot; 0600, it names
    // accounts and resources. A failed write is exit 23, never "snapshot saved".
    const { writeFlagFile } = await import('../files.js')
    await writeFlagFile('--save-snapshot', o.saveSnapshot, JSON.stringify(snapshot, null, 2) + '\n', 0o600)
    ctx.io.err(
      `snapshot saved to ${o.saveSnapshot} (no credentials); replay with: pvapi doctor --snapshot ${o.saveSnapshot}\n`,
    )
  }
  return snapshot
}

/** Judge the snapshot, print the report in the format asked, and set the exit code. */
async function report(snapshot: DoctorSnapshot, o: DoctorFlags, ctx: CliContext): Promise<void> {
  const [{ buildReport }, { doctorExitCode }, { VERSION }] = await Promise.all([
    import('../../doctor/report.js'),
    import('../../doctor/run-checks.js'),
    import('../../core/version.js'),
  ])
  // A snapshot file passed the shape check (loadSnapshot): a crash here is a bug, not the file's.
  const report = buildReport(snapshot, VERSION, { skip: o.skip })
  let out: string
  if (o.format === 'json') out = (await import('../../render/doctor-json.js')).renderDoctorJson(report)
  // Text and Markdown reach a terminal: AWS-controlled strings in them are made inert first.
  else if (o.format === 'markdown')
    out = (await import('../../render/doctor-markdown.js')).renderDoctorMarkdown(terminalSafeDeep(report))
  else
    out = (await import('../../render/doctor-text.js')).renderDoctorText(
      terminalSafeDeep(report),
      ctx.io.colors,
      {
        verbose: Boolean(o.verbose),
      },
    )
  const interrupted = snapshot.collection?.stoppedBy === 'interrupted' && !o.snapshot
  // A report nobody can read is a failure (curl 23), not the verdict's code.
  await writeOut(ctx.io, out, 'the report')
  if (interrupted) {
    ctx.io.err(
      `pvapi: interrupted (Ctrl-C): the report above shows what was read until then${o.saveSnapshot ? '; no snapshot was saved' : ''}\n`,
    )
    ctx.setExitCode(ExitCode.Interrupted)
  } else ctx.setExitCode(doctorExitCode(report.verdict))
}
