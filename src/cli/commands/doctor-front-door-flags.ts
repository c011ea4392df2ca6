/**
 * The front-door flags of `pvapi doctor` (`--from-api`, `--vpc-link`), registered with the
 * command; everything else about them is in doctor-front-door.ts, loaded only when they are given.
 */
import type { Command } from 'commander'

/** The flags this module reads (a subset of doctor's). */
export interface FrontDoorFlags {
  fromApi?: string
  vpcLink?: string
  apiId?: string
  stage?: string
  path?: string
  request?: string
  region?: string
  vpce?: string
  lambda?: string
  fromImds?: boolean
  vpc?: string
  subnet: string[]
  callerSg: string[]
  callerIp: string[]
  callerAssumesRole?: boolean
  authHeader?: string
  signingRegion?: string
  signingService?: string
  probe?: boolean
}

export function addFrontDoorOptions(cmd: Command): Command {
  return cmd
    .option(
      '--from-api <rest-api-id>',
      'the caller is this regional API (the front door): its method at --stage/--path/-X calls the private API through a VPC link and an NLB',
    )
    .option('--vpc-link <id>', 'the front door reaches the private API (the URL) through this VPC link')
}
