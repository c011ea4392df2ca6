/**
 * Whether a well-formed region name can be an AWS region at all. Every region is named
 * `<area>[-gov|-iso…]-<direction>-<n>` and the direction is a compass point
 * (us-east-1, ap-southeast-7, mx-central-1, us-gov-west-1, eu-isoe-west-1), so a typo such as
 * `us-nowhere-1` or `eu-wset-1` is caught here, before it becomes a confusing
 * "Credential should be scoped to a valid region" 403 or an STS timeout. New areas need no
 * change; only a new kind of direction would.
 */
const DIRECTIONS = new Set(['east', 'west', 'north', 'south', 'central', 'northeast', 'northwest', 'southeast', 'southwest'])

/** True when `region` (already of the `xx-word-N` shape) names a compass direction. Pure. */
export function plausibleRegion(region: string): boolean {
  const m = /^[a-z]{2}(?:-gov|-iso[a-z]?)?-([a-z]+)-\d+$/.exec(region)
  return m !== null && DIRECTIONS.has(m[1] ?? '')
}

export const REGION_DIRECTIONS_HINT = 'AWS region names end in a direction and a number, e.g. us-east-1, eu-central-1, ap-southeast-2'
