/**
 * The eight hops of a private API call, in request order: the vocabulary the doctor, the outcome
 * classifier and `call --repeat`'s statistics share. (1) SigV4 signing, (2) private DNS to the
 * endpoint's ENIs, (3) security groups on 443, (4) the VPC endpoint policy, (5) PrivateLink
 * transit (endpoint state, subnets, NACLs, routes), (6) the API's resource policy, (7) IAM
 * authorization, (8) the handler.
 */
export type Hop = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8

/** Short names of the hops, for headings. */
export const HOP_TITLES: Readonly<Record<Hop, string>> = {
  1: 'Signing',
  2: 'DNS',
  3: 'Security groups',
  4: 'VPC endpoint policy',
  5: 'Transit (endpoint, NACLs, routes)',
  6: 'Resource policy',
  7: 'IAM authorization',
  8: 'Handler (stage, route, key, authorizer, integration)',
}
