import type { Command } from 'commander'
import { usageError } from '../../core/errors.js'
import type { CliContext } from '../context.js'
import { addCredentialOptions, callerResolver, type RawCredentialOptions } from '../credential-options.js'
import { planPorts } from '../plan-ports.js'
import { addRequestOptions, toRequestSettings, type RawRequestOptions } from '../request-options.js'

interface SignFlags extends RawRequestOptions, RawCredentialOptions {
  format: string
}

export function registerSign(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('sign')
    .description('print the SigV4 headers (or a curl command) for a request, to send with another tool')
    .argument('<url>', 'the request URL, any name form `call` accepts')
  const data = addRequestOptions(cmd)
  addCredentialOptions(cmd)
    .option('--format <format>', 'headers | json | curl', 'headers')
    .action(async (url: string, o: SignFlags) => {
      if (!['headers', 'json', 'curl'].includes(o.format))
        throw usageError('PV_BAD_FORMAT', `--format ${o.format}: expected headers, json or curl`)
      const settings = toRequestSettings(url, o, data)
      const getCaller = callerResolver(o, ctx.io, ctx.env, ctx.user)
      const [{ planRequest }, { signPrepared }, { renderSigned }] = await Promise.all([
        import('../../call/plan.js'),
        import('../../call/sign-prepared.js'),
        import('../../render/signed-request.js'),
      ])
      const plan = await planRequest(settings, planPorts(ctx, getCaller), true)
      const region = plan.region as string
      const caller = await getCaller(region)
      const signed = await signPrepared(plan.prepared, {
        service: settings.service,
        region,
        credentials: caller.credentials,
        signingDate: new Date(),
      })
      const files = data.filter(d => d.kind !== 'raw' && d.value.startsWith('@') && d.value !== '@-')
      const bodyFile =
        data.length === 1 && files.length === 1 && data[0]?.kind !== 'data'
          ? files[0]?.value.slice(1)
          : undefined
      const connectArgs = [
        ...settings.resolve.map(r => `--resolve=${r.host}:${r.port}:${r.addresses.join(',')}`),
        ...o.connectTo.map(c => `--connect-to=${c}`),
      ]
      ctx.io.out(
        renderSigned(o.format as 'headers' | 'json' | 'curl', plan.prepared, signed, {
          service: settings.service,
          region,
          dial: plan.dial,
          connectArgs,
          ...(bodyFile ? { bodyFile } : {}),
        }),
      )
    })
}
