import type { PlanPorts } from '../call/plan.js'
import type { CliContext } from './context.js'
import type { CallerWithRoles } from './credential-options.js'
import { readUserFile } from './files.js'

/** The I/O `planRequest` needs, wired to the real file system, stdin, AWS config and EC2. */
export function planPorts(
  ctx: CliContext,
  getCaller: (region: string) => Promise<CallerWithRoles>,
): PlanPorts {
  return {
    env: ctx.env,
    readers: { readFile: p => readUserFile(p, 'data file'), readStdin: () => ctx.io.readStdin() },
    async configRegion(profile) {
      const { resolveRegion } = await import('../aws/region.js')
      return resolveRegion({ ...(profile ? { profile } : {}), env: ctx.env })
    },
    async vpceHostname(vpceId, region) {
      const [{ lookupVpceHostname }, caller] = await Promise.all([
        import('../aws/vpce-lookup.js'),
        getCaller(region),
      ])
      return lookupVpceHostname(vpceId, region, caller.credentials)
    },
  }
}
