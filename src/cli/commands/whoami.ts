import type { Command } from 'commander'
import { usageError } from '../../core/errors.js'
import { checkRegionFlag } from '../../core/region-name.js'
import type { CliContext } from '../context.js'
import { addCredentialOptions, callerResolver, type RawCredentialOptions } from '../credential-options.js'

interface WhoamiFlags extends RawCredentialOptions {
  region?: string
  format: string
}

export function registerWhoami(program: Command, ctx: CliContext): void {
  addCredentialOptions(
    program
      .command('whoami')
      .description('show the identity requests will be signed as, after any role chain'),
  )
    .option('--region <region>', 'STS region (default: the AWS config, else us-east-1)')
    .option('--format <format>', 'text | json', 'text')
    .action(async (o: WhoamiFlags) => {
      if (!['text', 'json'].includes(o.format))
        throw usageError('PV_BAD_FORMAT', `--format ${o.format}: expected text or json`)
      checkRegionFlag('--region', o.region)
      const { resolveRegion } = await import('../../aws/region.js')
      const region =
        (await resolveRegion({
          ...(o.region ? { explicit: o.region } : {}),
          ...(o.profile ? { profile: o.profile } : {}),
          env: ctx.env,
        })) ?? 'us-east-1'
      const caller = await callerResolver(o, ctx.io, ctx.env, ctx.user)(region)
      const [{ getCallerIdentity }, { renderWhoamiText }] = await Promise.all([
        import('../../aws/sts.js'),
        import('../../render/whoami.js'),
      ])
      const id = await getCallerIdentity(caller.credentials, region)
      const facts = {
        ...id,
        source: caller.source,
        accessKeyId: caller.credentials.accessKeyId,
        region,
        roles: caller.roles.map(r => ({
          roleArn: r.roleArn,
          assumedRoleArn: r.assumedRoleArn,
          sessionName: r.sessionName,
          ...(r.expiration ? { expiration: r.expiration.toISOString() } : {}),
          ...(r.cached ? { cached: true } : {}),
        })),
        ...(caller.credentials.expiration ? { expiration: caller.credentials.expiration.toISOString() } : {}),
      }
      ctx.io.out(o.format === 'json' ? JSON.stringify(facts, null, 2) + '\n' : renderWhoamiText(facts))
    })
}
