import { usageError } from './errors.js'

/**
 * Whether a well-formed region name can be an AWS region at all. Every region is named
 * `<area>[-gov|-iso…]-<direction>-<n>` and the direction is a compass point
 * (us-east-1, ap-southeast-7, mx-central-1, us-gov-west-1, eu-isoe-west-1), so a typo such as
 * `us-nowhere-1` or `eu-wset-1` is caught here, before it becomes a confusing
 * "Credential should be scoped to a valid region" 403 or an STS timeout. New areas need no
 * change; only a new kind of direction would.
 */
const DIRECTIONS = new Set([
  'east',
  'west',
  'north',
  'south',
  'central',
  'northeast',
  'northwest',
  'southeast',
  'southwest',
])

/** True when `region` (already of the `xx-word-N` shape) names a compass direction. Pure. */
export function plausibleRegion(region: string): boolean {
  const m = /^[a-z]{2}(?:-gov|-iso[a-z]?)?-([a-z]+)-\d+$/.exec(region)
  return m !== null && DIRECTIONS.has(m[1] ?? '')
}

export const REGION_DIRECTIONS_HINT =
  'AWS region names end in a direction and a number, e.g. us-east-1, eu-central-1, ap-southeast-2'

/** Region names as AWS writes them (us-east-1, eu-central-2, us-gov-west-1, cn-north-1, …). */
export const REGION_PATTERN = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/

/**
 * A region given on the command line (`--region`, `--signing-region`): well formed and
 * plausible, or a usage error naming the flag. Undefined passes through.
 */
export function checkRegionFlag(flag: string, region: string | undefined): string | undefined {
  if (region === undefined) return undefined
  if (!REGION_PATTERN.test(region))
    throw usageError(
      'PV_BAD_REGION',
      `${flag} ${region}: not an AWS region name`,
      'e.g. us-east-1, eu-west-2, ap-southeast-1',
    )
  if (!plausibleRegion(region))
    throw usageError(
      'PV_BAD_REGION',
      `${flag} ${region}: no AWS region has this name`,
      REGION_DIRECTIONS_HINT,
    )
  return region
}
