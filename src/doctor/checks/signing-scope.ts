import { fail, pass, type Check } from '../finding.js'

/** Hop 1: the SigV4 credential scope names the API's region and the execute-api service (rows 5, 6). */
export const signingScope: Check = {
  id: 'signing.scope',
  hop: 1,
  title: "the SigV4 credential scope is the API's region and service execute-api",
  rows: [5, 6],
  run(s) {
    const { region, service, regionSource } = s.signing
    const evidence = [
      `credential scope …/${region}/${service}/aws4_request (region from ${regionSource})`,
      `API region ${s.target.region}`,
    ]
    if (service !== 'execute-api') {
      return fail(
        `the request is signed for service "${service}": API Gateway answers 403 "Credential should be scoped to correct service: 'execute-api'"`,
        `sign for service execute-api (pvapi does by default; awscurl --service execute-api; curl --aws-sigv4 "aws:amz:${s.target.region}:execute-api")`,
        evidence,
      )
    }
    if (region !== s.target.region) {
      return fail(
        `the request is signed for ${region} but the API is in ${s.target.region}: API Gateway answers 403 "Credential should be scoped to a valid Region"`,
        `sign with region ${s.target.region} (pvapi call --region ${s.target.region}; awscurl --region ${s.target.region})`,
        evidence,
      )
    }
    return pass(`signed for ${region}/execute-api`, evidence)
  },
}
