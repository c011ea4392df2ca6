/**
 * The facts a user acts on, per scenario and per failing (or warning) check: the resource at
 * fault, the ids the summary must name, the ids the fix must use, and the policy statement
 * (index, Sid) the evidence must point at. Written by hand from the scenario's misconfiguration,
 * as substrings, so rewording a message keeps them true; a fix that loses the real ids breaks them.
 */
import {
  API,
  API_ARN,
  DOMAIN,
  FUNCTION_ARN,
  HOST,
  NACL_STRICT,
  ROLE_ARN,
  SESSION_ARN,
  SG_CALLER,
  SG_ENDPOINT,
  SUBNET_CALLER,
  SUBNET_EP_A,
  VPC,
  VPC_OTHER,
  VPCE,
  VPCE_OTHER,
} from './builders.js'

export interface Facts {
  /** `finding.resource`, exactly. */
  readonly resource?: string
  /** Substrings of the summary. */
  readonly summary?: readonly string[]
  /** Substrings of the fix. */
  readonly fix?: readonly string[]
  /** Substrings of some evidence line. */
  readonly evidence?: readonly string[]
  /** A statement some evidence names. */
  readonly statement?: { readonly index: number; readonly sid?: string }
}

export const FACTS: Readonly<Record<string, Readonly<Record<string, Facts>>>> = {
  'row01-unsigned-request': {
    'signing.authorization-header': {
      summary: ['AWS_IAM'],
      fix: [`https://${HOST}/prod/items`],
      evidence: ['AWS_IAM'],
    },
    'apigw.resource-policy-allows': {
      resource: 'a1b2c3d4e5 resource policy Statement[0] (AllowCallerAccount)',
      summary: ['Statement[0]'],
      fix: [
        'a1b2c3d4e5',
        'vpce-00000000000000001',
        'aws apigateway update-rest-api',
        'aws apigateway create-deployment',
        '--rest-api-id a1b2c3d4e5',
      ],
      statement: { index: 0, sid: 'AllowCallerAccount' },
    },
  },
  'row03-expired-token': {
    'signing.credentials': {
      resource: 'EC2 instance metadata (IMDS)',
      summary: ['ExpiredToken'],
      evidence: ['expired', 'EC2 instance metadata (IMDS)'],
    },
  },
  'row04-clock-skew': {
    // 7 minutes behind: the signature looks expired to AWS.
    'signing.clock-skew': { summary: ['7.0 min', 'behind', 'expired'], evidence: ['-420.0 s'] },
  },
  'row05-wrong-signing-region': {
    'signing.scope': {
      summary: ['us-west-2', 'us-east-1'],
      fix: ['--region us-east-1'],
      evidence: ['/us-west-2/'],
    },
  },
  'row06-wrong-signing-service': {
    'signing.scope': { summary: ['"apigateway"'], fix: ['execute-api'], evidence: ['/apigateway/'] },
  },
  'row07-host-override': {
    'signing.host-routing': { fix: ['vpce-00000000000000001', 'a1b2c3d4e5', '--api-id a1b2c3d4e5'] },
  },
  'row08-bearer-with-custom-endpoint-policy': {
    'signing.authorization-header': { evidence: ['NONE', 'Bearer'] },
  },
  'row09-private-dns-off': {
    'dns.private-dns-enabled': {
      resource: 'vpce-00000000000000001',
      summary: ['vpce-00000000000000001', 'a1b2c3d4e5'],
      fix: [
        'vpce-00000000000000001',
        'a1b2c3d4e5',
        'aws ec2 modify-vpc-endpoint',
        '--vpc-endpoint-id vpce-00000000000000001',
        '--vpce vpce-00000000000000001',
      ],
    },
    'dns.private-resolution': {
      resource: 'a1b2c3d4e5.execute-api.us-east-1.amazonaws.com',
      summary: ['a1b2c3d4e5', '3.210.12.34, 52.1.2.3'],
      fix: [
        'vpce-00000000000000001',
        `modify-vpc-endpoint --vpc-endpoint-id ${VPCE} --private-dns-enabled`,
        'aws ec2 modify-vpc-endpoint',
      ],
      evidence: ['via the system resolver'],
    },
  },
  'row10-dns-hostnames-off': {
    'dns.vpc-attributes': {
      resource: 'vpc-00000000000000001',
      summary: ['vpc-00000000000000001'],
      fix: ['vpc-00000000000000001', 'aws ec2 modify-vpc-attribute', '--vpc-id vpc-00000000000000001'],
    },
    'dns.private-resolution': {
      resource: 'a1b2c3d4e5.execute-api.us-east-1.amazonaws.com',
      summary: ['a1b2c3d4e5', 'NXDOMAIN'],
      fix: [
        'vpce-00000000000000001',
        `modify-vpc-attribute --vpc-id ${VPC} --enable-dns-hostnames`,
        'aws ec2 modify-vpc-attribute',
      ],
      evidence: ['nxdomain'],
    },
  },
  'row11-custom-dhcp-resolvers': {
    'dns.dhcp-resolvers': {
      resource: 'dopt-00000000000000001',
      summary: ['a1b2c3d4e5'],
      fix: [
        'aws ec2 create-dhcp-options',
        'aws ec2 associate-dhcp-options',
        '--vpc-id vpc-00000000000000001',
      ],
    },
    'dns.private-resolution': {
      resource: 'a1b2c3d4e5.execute-api.us-east-1.amazonaws.com',
      summary: ['a1b2c3d4e5'],
      fix: ['vpce-00000000000000001', `describe-vpcs --vpc-ids ${VPC}`, 'aws ec2 describe-vpcs'],
    },
  },
  'row12-caller-in-other-vpc': {
    'dns.caller-vpc': {
      resource: 'vpce-00000000000000001',
      summary: ['vpc-00000000000000002', 'vpce-00000000000000001', 'vpc-00000000000000001', 'a1b2c3d4e5'],
      fix: [
        'vpc-00000000000000002',
        'vpc-00000000000000001',
        'a1b2c3d4e5',
        'vpce-00000000000000001',
        'aws ec2 create-vpc-endpoint',
        'aws ec2 create-security-group',
        '--vpce vpce-00000000000000001',
        '--vpc-id vpc-00000000000000002',
        '--subnet-ids subnet-00000000000000004',
      ],
    },
    'dns.private-resolution': {
      resource: 'a1b2c3d4e5.execute-api.us-east-1.amazonaws.com',
      summary: ['a1b2c3d4e5'],
      fix: ['vpce-00000000000000001', `describe-vpcs --vpc-ids ${VPC_OTHER}`, 'aws ec2 describe-vpcs'],
    },
    'sg.endpoint-ingress-443': {
      resource: 'sg-00000000000000002',
      summary: ['sg-00000000000000002', 'vpc-00000000000000002', 'vpc-00000000000000001'],
      fix: [
        'sg-00000000000000002',
        'aws ec2 authorize-security-group-ingress',
        '--group-id sg-00000000000000002',
      ],
    },
  },
  'row13-alias-not-associated': {
    'dns.alias-association': {
      resource: 'a1b2c3d4e5',
      summary: ['vpce-00000000000000001', 'a1b2c3d4e5'],
      fix: [
        'a1b2c3d4e5',
        'vpce-00000000000000001',
        'aws apigateway update-rest-api',
        '--rest-api-id a1b2c3d4e5',
      ],
    },
    'dns.private-resolution': {
      resource: 'a1b2c3d4e5-vpce-00000000000000001.execute-api.us-east-1.amazonaws.com',
      summary: ['a1b2c3d4e5', 'vpce-00000000000000001'],
      fix: [
        'a1b2c3d4e5',
        'vpce-00000000000000001',
        `update-rest-api --rest-api-id ${API}`,
        '"path":"/endpointConfiguration/vpcEndpointIds","value":"vpce-00000000000000001"',
        'aws apigateway update-rest-api',
      ],
    },
  },
  'row14-public-api-captured-by-private-dns': {
    'dns.public-api-capture': {
      resource: 'vpce-00000000000000001',
      summary: ['a1b2c3d4e5', 'vpce-00000000000000001', 'vpc-00000000000000001'],
      fix: [
        'vpce-00000000000000001',
        'aws ec2 modify-vpc-endpoint',
        '--vpc-endpoint-id vpce-00000000000000001',
      ],
    },
    'apigw.endpoint-type-private': {
      resource: 'a1b2c3d4e5',
      summary: ['a1b2c3d4e5'],
      fix: [
        'a1b2c3d4e5',
        'aws apigateway update-rest-api',
        'aws apigateway create-deployment',
        '--rest-api-id a1b2c3d4e5',
      ],
    },
  },
  'row16-caller-sg-no-egress-443': {
    'sg.caller-egress-443': {
      resource: 'sg-00000000000000001',
      summary: ['sg-00000000000000001', '443', 'vpce-00000000000000001', 'sg-00000000000000002'],
      fix: [
        'sg-00000000000000001',
        'sg-00000000000000002',
        'aws ec2 authorize-security-group-egress',
        '--group-id sg-00000000000000001',
      ],
    },
  },
  'row17-endpoint-sg-no-ingress': {
    'sg.endpoint-ingress-443': {
      resource: 'sg-00000000000000002',
      summary: ['vpce-00000000000000001', 'sg-00000000000000002', '443', 'sg-00000000000000001'],
      fix: [
        'sg-00000000000000002',
        'sg-00000000000000001',
        'aws ec2 authorize-security-group-ingress',
        '--group-id sg-00000000000000002',
      ],
    },
  },
  'row18-sg-cidr-misses-caller': {
    'sg.endpoint-ingress-443': {
      resource: 'sg-00000000000000002',
      summary: ['vpce-00000000000000001', 'sg-00000000000000002', '443', 'sg-00000000000000001'],
      fix: [
        'sg-00000000000000002',
        'sg-00000000000000001',
        'aws ec2 authorize-security-group-ingress',
        '--group-id sg-00000000000000002',
      ],
    },
  },
  'row24-endpoint-policy-excludes-api': {
    'vpce.policy-allows': {
      resource: 'vpce-00000000000000001 endpoint policy Statement[0] (OnlyBilling)',
      summary: [
        'vpce-00000000000000001',
        'Statement[0]',
        'arn:aws:execute-api:us-east-1:222222222222:a1b2c3d4e5/prod/GET/items',
        'arn:aws:execute-api:us-east-1:222222222222:a1b2c3d4e5/prod/GET/items',
      ],
      fix: [
        'vpce-00000000000000001',
        'aws ec2 modify-vpc-endpoint',
        '--vpc-endpoint-id vpce-00000000000000001',
      ],
      statement: { index: 0, sid: 'OnlyBilling' },
    },
  },
  'row25-endpoint-policy-org-deny': {
    'vpce.policy-allows': {
      resource: 'vpce-00000000000000001 endpoint policy Statement[1] (DenyOtherOrgs)',
      summary: ['vpce-00000000000000001', 'Statement[1]'],
      fix: [
        'vpce-00000000000000001',
        'aws ec2 modify-vpc-endpoint',
        '--vpc-endpoint-id vpce-00000000000000001',
      ],
      statement: { index: 1, sid: 'DenyOtherOrgs' },
    },
  },
  'row26-endpoint-policy-principal-on-none-method': {
    'vpce.policy-identity-rule': {
      resource: 'vpce-00000000000000001',
      summary: ['arn:aws:sts::111111111111:assumed-role/orders-caller/i-0123456789abcdef0'],
      fix: [
        'vpce-00000000000000001',
        'aws ec2 modify-vpc-endpoint',
        'aws apigateway update-method',
        'aws apigateway create-deployment',
        '--vpc-endpoint-id vpce-00000000000000001',
        '--rest-api-id a1b2c3d4e5',
      ],
      statement: { index: 0, sid: 'OnlyOrdersCaller' },
    },
    'vpce.policy-allows': {
      resource: 'vpce-00000000000000001 endpoint policy Statement[0] (OnlyOrdersCaller)',
      summary: ['vpce-00000000000000001', 'Statement[0]'],
      fix: [
        'vpce-00000000000000001',
        'aws ec2 modify-vpc-endpoint',
        '--vpc-endpoint-id vpce-00000000000000001',
      ],
      statement: { index: 0, sid: 'OnlyOrdersCaller' },
    },
    'handler.authorizer': { resource: 'auth000001', fix: ['aws logs tail'] },
  },
  'row19-caller-nacl-blocks-return': {
    'nacl.caller-subnet': {
      resource: 'acl-00000000000000002',
      summary: ['acl-00000000000000002', 'subnet-00000000000000001', '1024', '65535'],
      fix: [
        'acl-00000000000000002',
        'aws ec2 create-network-acl-entry',
        '--network-acl-id acl-00000000000000002',
      ],
    },
  },
  'row20-endpoint-nacl-denies-443': {
    'nacl.endpoint-subnet': {
      resource: 'acl-00000000000000002',
      summary: ['acl-00000000000000002', 'subnet-00000000000000002', '443'],
      fix: [
        'acl-00000000000000002',
        'aws ec2 create-network-acl-entry',
        '--network-acl-id acl-00000000000000002',
      ],
    },
  },
  'row21-endpoint-failed': {
    'vpce.state-available': {
      resource: 'vpce-00000000000000001',
      summary: ['vpce-00000000000000001'],
      fix: [
        'vpce-00000000000000001',
        'aws ec2 describe-vpc-endpoints',
        'aws ec2 delete-vpc-endpoints',
        'aws ec2 create-vpc-endpoint',
        '--vpc-endpoint-ids vpce-00000000000000001',
        '--vpc-id vpc-00000000000000001',
        '--subnet-ids subnet-00000000000000002',
        '--security-group-ids sg-00000000000000002',
      ],
    },
  },
  'row22-default-route-to-igw': {
    'route.no-internet': {
      resource: 'rtb-00000000000000001',
      summary: ['subnet-00000000000000001', 'rtb-00000000000000001', 'igw-00000000000000001'],
      fix: ['rtb-00000000000000001', 'aws ec2 delete-route', '--route-table-id rtb-00000000000000001'],
    },
  },
  'row23-no-sts-path': {
    'route.sts-reachable': {
      resource: 'vpc-00000000000000001',
      summary: ['vpc-00000000000000001'],
      fix: [
        'vpc-00000000000000001',
        'subnet-00000000000000001',
        'aws ec2 create-vpc-endpoint',
        '--vpc-id vpc-00000000000000001',
        '--subnet-ids subnet-00000000000000001',
        '--security-group-ids sg-00000000000000002',
      ],
    },
  },
  'row15-api-not-private': {
    'apigw.endpoint-type-private': {
      resource: 'a1b2c3d4e5',
      summary: ['a1b2c3d4e5'],
      fix: [
        'a1b2c3d4e5',
        'aws apigateway update-rest-api',
        'aws apigateway create-deployment',
        '--rest-api-id a1b2c3d4e5',
      ],
    },
  },
  'row27-no-resource-policy': {
    'apigw.resource-policy-present': {
      resource: 'a1b2c3d4e5',
      summary: ['a1b2c3d4e5'],
      fix: [
        'a1b2c3d4e5',
        'vpce-00000000000000001',
        'aws apigateway update-rest-api',
        'aws apigateway create-deployment',
        '--rest-api-id a1b2c3d4e5',
      ],
    },
  },
  'row28-sourcevpce-lists-old-endpoint': {
    'apigw.resource-policy-allows': {
      resource: 'a1b2c3d4e5 resource policy Statement[1] (DenyOutsideEndpoint)',
      summary: ['Statement[1]', 'vpce-00000000000000009', 'vpce-00000000000000001'],
      fix: [
        'a1b2c3d4e5',
        'vpce-00000000000000009',
        'vpce-00000000000000001',
        'aws apigateway update-rest-api',
        'aws apigateway create-deployment',
        '--rest-api-id a1b2c3d4e5',
      ],
      statement: { index: 1, sid: 'DenyOutsideEndpoint' },
    },
  },
  'row29-vpc-id-in-sourcevpce': {
    'apigw.resource-policy-allows': {
      resource: 'a1b2c3d4e5 resource policy Statement[1] (DenyOutsideEndpoint)',
      summary: ['Statement[1]', 'vpc-00000000000000001'],
      fix: [
        'a1b2c3d4e5',
        'vpc-00000000000000001',
        'aws apigateway update-rest-api',
        'aws apigateway create-deployment',
        '--rest-api-id a1b2c3d4e5',
      ],
      statement: { index: 1, sid: 'DenyOutsideEndpoint' },
    },
  },
  'row30-policy-not-deployed': {
    'apigw.policy-deployed': {
      resource: 'a1b2c3d4e5/prod',
      fix: ['a1b2c3d4e5', 'aws apigateway create-deployment', '--rest-api-id a1b2c3d4e5'],
    },
  },
  'row31-resource-too-narrow': {
    'apigw.resource-policy-allows': {
      resource: 'a1b2c3d4e5 resource policy Statement[0] (AllowCallerAccount)',
      summary: [
        'Statement[0]',
        'arn:aws:execute-api:us-east-1:222222222222:a1b2c3d4e5/prod/GET/items',
        'arn:aws:execute-api:us-east-1:222222222222:a1b2c3d4e5/prod/GET/items',
      ],
      fix: [
        'a1b2c3d4e5',
        'vpce-00000000000000001',
        'aws apigateway update-rest-api',
        'aws apigateway create-deployment',
        '--rest-api-id a1b2c3d4e5',
      ],
      statement: { index: 0, sid: 'AllowCallerAccount' },
    },
  },
  'row32-principal-arn-on-none-method': {
    'apigw.resource-policy-principal-auth': {
      resource: 'a1b2c3d4e5 resource policy Statement[0] (AllowCallerAccount)',
      summary: ['Statement[0]', 'arn:aws:iam::111111111111:root', 'arn:aws:iam::111111111111:root'],
      fix: [
        'vpce-00000000000000001',
        'aws apigateway update-method',
        'aws apigateway create-deployment',
        'aws apigateway update-rest-api',
        '--rest-api-id a1b2c3d4e5',
      ],
      statement: { index: 0, sid: 'AllowCallerAccount' },
    },
    'apigw.resource-policy-allows': {
      resource: 'a1b2c3d4e5 resource policy Statement[0] (AllowCallerAccount)',
      summary: ['Statement[0]'],
      fix: [
        'a1b2c3d4e5',
        'vpce-00000000000000001',
        'aws apigateway update-rest-api',
        'aws apigateway create-deployment',
        '--rest-api-id a1b2c3d4e5',
      ],
      statement: { index: 0, sid: 'AllowCallerAccount' },
    },
  },
  'row33-cross-account-identity-missing': {
    'iam.identity-allows': {
      resource: 'arn:aws:iam::111111111111:role/orders-caller',
      summary: [
        'arn:aws:sts::111111111111:assumed-role/orders-caller/i-0123456789abcdef0',
        'arn:aws:execute-api:us-east-1:222222222222:a1b2c3d4e5/prod/GET/items',
      ],
      fix: ['a1b2c3d4e5', 'aws iam put-role-policy'],
      statement: { index: 0 },
    },
  },
  'row34-identity-arn-wrong-region': {
    'iam.identity-allows': {
      resource: 'arn:aws:iam::111111111111:role/orders-caller',
      summary: [
        'arn:aws:sts::111111111111:assumed-role/orders-caller/i-0123456789abcdef0',
        'arn:aws:execute-api:us-east-1:222222222222:a1b2c3d4e5/prod/GET/items',
      ],
      fix: ['a1b2c3d4e5', 'aws iam put-role-policy'],
      statement: { index: 0, sid: 'InvokeOrders' },
    },
  },
  'row35-account-root-only': {
    'iam.identity-allows': {
      resource: 'arn:aws:iam::111111111111:role/orders-caller',
      summary: [
        'arn:aws:sts::111111111111:assumed-role/orders-caller/i-0123456789abcdef0',
        'arn:aws:execute-api:us-east-1:222222222222:a1b2c3d4e5/prod/GET/items',
      ],
      fix: ['a1b2c3d4e5', 'aws iam put-role-policy'],
    },
  },
  'row36-boundary-lacks-invoke': {
    'iam.permissions-boundary': {
      resource: 'arn:aws:iam::111111111111:policy/data-only-boundary',
      summary: ['arn:aws:iam::111111111111:policy/data-only-boundary'],
      statement: { index: 0 },
      fix: [
        'aws iam create-policy-version',
        '--policy-arn arn:aws:iam::111111111111:policy/data-only-boundary',
      ],
    },
  },
  'row36-scp-denies-execute-api': {
    'iam.scp': {
      resource: 'SCP no-api-gateway',
      statement: { index: 0, sid: 'DenyApiGateway' },
      fix: ['aws organizations update-policy', 'aws organizations list-policies'],
    },
  },
  'row02-stage-missing': {
    'handler.stage-deployed': {
      resource: 'a1b2c3d4e5/prd',
      summary: ['a1b2c3d4e5'],
      fix: ['a1b2c3d4e5', 'aws apigateway create-deployment', '--rest-api-id a1b2c3d4e5'],
    },
  },
  'row02-path-missing': {
    'handler.route-exists': {
      resource: 'a1b2c3d4e5',
      fix: [
        'a1b2c3d4e5',
        'aws apigateway create-resource',
        'aws apigateway put-method',
        'aws apigateway put-integration',
        'aws apigateway create-deployment',
        '--rest-api-id a1b2c3d4e5',
      ],
    },
  },
  'row02-route-not-deployed': {
    'handler.route-deployed': {
      resource: 'a1b2c3d4e5/prod',
      summary: ['dep0000001'],
      fix: ['a1b2c3d4e5', 'aws apigateway create-deployment', '--rest-api-id a1b2c3d4e5'],
    },
  },
  'row37-authorizer-denies': {
    'handler.authorizer': { resource: 'auth000001', statement: { index: 0 } },
  },
  'row38-api-key-without-usage-plan': {
    'handler.api-key': {
      resource: 'a1b2c3d4e5/prod',
      summary: ['a1b2c3d4e5'],
      fix: [
        'a1b2c3d4e5',
        'aws apigateway create-usage-plan',
        'aws apigateway create-api-key',
        'aws apigateway get-api-keys',
        'aws apigateway create-usage-plan-key',
        '--name a1b2c3d4e5',
      ],
    },
  },
  'row38-api-key-required': {
    'handler.api-key': {
      resource: 'a1b2c3d4e5/prod',
      fix: ['a1b2c3d4e5', 'plan000001', 'aws apigateway get-usage-plan-keys', 'aws apigateway get-api-key'],
    },
  },
  'row39-lambda-permission-missing': {
    'handler.integration': {
      resource: 'arn:aws:lambda:us-east-1:222222222222:function:orders-api',
      summary: ['arn:aws:lambda:us-east-1:222222222222:function:orders-api'],
      fix: [
        'a1b2c3d4e5',
        'aws lambda add-permission',
        '--function-name arn:aws:lambda:us-east-1:222222222222:function:orders-api',
      ],
    },
  },
  'row40-no-domain-access-association': {
    'domain.access-association': {
      resource: 'orders.internal.example.com',
      summary: ['vpce-00000000000000001'],
      fix: [
        'vpce-00000000000000001',
        'aws apigateway create-domain-name-access-association',
        '--domain-name-arn arn:aws:apigateway:us-east-1:222222222222:/domainnames/orders.internal.example.com+abcd1234',
        '--access-association-source vpce-00000000000000001',
      ],
    },
  },
  'row41-domain-policy-deny-all': {
    'domain.policy-allows': {
      resource: 'orders.internal.example.com',
      summary: ['vpce-00000000000000001'],
      fix: ['vpce-00000000000000001', 'aws apigateway update-domain-name'],
    },
  },
  'row41-no-base-path-mapping': {
    'domain.base-path-mapping': {
      resource: 'orders.internal.example.com',
      fix: ['a1b2c3d4e5', 'aws apigateway create-base-path-mapping', '--rest-api-id a1b2c3d4e5'],
    },
    'handler.route-exists': {
      resource: 'a1b2c3d4e5',
      fix: [
        'a1b2c3d4e5',
        'aws apigateway put-method',
        'aws apigateway put-integration',
        'aws apigateway create-deployment',
        'aws apigateway get-stages',
        '--rest-api-id a1b2c3d4e5',
      ],
    },
  },
  'account-b-unreadable-policy-file': {
    'apigw.resource-policy-allows': {
      resource: 'a1b2c3d4e5 resource policy Statement[1] (DenyOutsideEndpoint)',
      summary: ['Statement[1]', 'vpce-00000000000000009', 'vpce-00000000000000001'],
      fix: [
        'a1b2c3d4e5',
        'vpce-00000000000000009',
        'vpce-00000000000000001',
        'aws apigateway update-rest-api',
        'aws apigateway create-deployment',
        '--rest-api-id a1b2c3d4e5',
      ],
      statement: { index: 1, sid: 'DenyOutsideEndpoint' },
    },
  },
  'combined-sg-and-sourcevpce': {
    'sg.caller-egress-443': {
      resource: 'sg-00000000000000001',
      summary: ['sg-00000000000000001', '443', 'vpce-00000000000000001', 'sg-00000000000000002'],
      fix: [
        'sg-00000000000000001',
        'sg-00000000000000002',
        'aws ec2 authorize-security-group-egress',
        '--group-id sg-00000000000000001',
      ],
    },
    'apigw.resource-policy-allows': {
      resource: 'a1b2c3d4e5 resource policy Statement[1] (DenyOutsideEndpoint)',
      summary: ['Statement[1]', 'vpce-00000000000000009', 'vpce-00000000000000001'],
      fix: [
        'a1b2c3d4e5',
        'vpce-00000000000000009',
        'vpce-00000000000000001',
        'aws apigateway update-rest-api',
        'aws apigateway create-deployment',
        '--rest-api-id a1b2c3d4e5',
      ],
      statement: { index: 1, sid: 'DenyOutsideEndpoint' },
    },
  },
  'combined-dns-identity-stage': {
    'dns.private-dns-enabled': {
      resource: 'vpce-00000000000000001',
      summary: ['vpce-00000000000000001', 'a1b2c3d4e5'],
      fix: [
        'vpce-00000000000000001',
        'a1b2c3d4e5',
        'aws ec2 modify-vpc-endpoint',
        '--vpc-endpoint-id vpce-00000000000000001',
        '--vpce vpce-00000000000000001',
      ],
    },
    'dns.private-resolution': {
      resource: 'a1b2c3d4e5.execute-api.us-east-1.amazonaws.com',
      summary: ['a1b2c3d4e5'],
      fix: [
        'vpce-00000000000000001',
        'aws ec2 modify-vpc-endpoint',
        '--vpc-endpoint-id vpce-00000000000000001',
      ],
    },
    'iam.identity-allows': {
      resource: 'arn:aws:iam::111111111111:role/orders-caller',
      summary: [
        'arn:aws:sts::111111111111:assumed-role/orders-caller/i-0123456789abcdef0',
        'arn:aws:execute-api:us-east-1:222222222222:a1b2c3d4e5/prod/GET/items',
      ],
      fix: ['a1b2c3d4e5', 'aws iam put-role-policy'],
    },
    'handler.route-deployed': {
      resource: 'a1b2c3d4e5/prod',
      summary: ['dep0000001'],
      fix: ['a1b2c3d4e5', 'aws apigateway create-deployment', '--rest-api-id a1b2c3d4e5'],
    },
  },
  'combined-lambda-nacl-and-key': {
    'nacl.caller-subnet': {
      resource: 'acl-00000000000000002',
      summary: ['acl-00000000000000002', 'subnet-00000000000000001', '1024'],
      fix: [
        'acl-00000000000000002',
        'aws ec2 create-network-acl-entry',
        '--network-acl-id acl-00000000000000002',
      ],
    },
    'handler.api-key': {
      resource: 'a1b2c3d4e5/prod',
      summary: ['a1b2c3d4e5'],
      fix: [
        'a1b2c3d4e5',
        'aws apigateway create-usage-plan',
        'aws apigateway create-api-key',
        'aws apigateway get-api-keys',
        'aws apigateway create-usage-plan-key',
        '--name a1b2c3d4e5',
      ],
    },
  },
  'combined-endpoint-policy-and-boundary': {
    'vpce.policy-allows': {
      resource: 'vpce-00000000000000001 endpoint policy Statement[0] (OnlyBatch)',
      summary: [
        'vpce-00000000000000001',
        'Statement[0]',
        'arn:aws:sts::111111111111:assumed-role/orders-worker-role/orders-worker',
        'arn:aws:sts::111111111111:assumed-role/orders-worker-role/orders-worker',
      ],
      fix: [
        'vpce-00000000000000001',
        'aws ec2 modify-vpc-endpoint',
        '--vpc-endpoint-id vpce-00000000000000001',
      ],
      statement: { index: 0, sid: 'OnlyBatch' },
    },
    'iam.permissions-boundary': {
      resource: 'arn:aws:iam::111111111111:policy/no-invoke',
      summary: ['arn:aws:iam::111111111111:policy/no-invoke'],
      statement: { index: 0 },
      fix: ['aws iam create-policy-version', '--policy-arn arn:aws:iam::111111111111:policy/no-invoke'],
    },
  },

  // ---- scenario-defs-branches.ts -------------------------------------------------------------
  'branch-clock-ahead-over-5-min': {
    'signing.clock-skew': { summary: ['6.0 min', 'ahead of', 'not yet current'], evidence: ['360.0 s'] },
  },
  'branch-clock-behind-2-min': {
    'signing.clock-skew': { summary: ['120 s', 'behind'], evidence: ['-120.0 s'] },
  },
  'branch-alias-resolves-to-other-endpoint': {
    'dns.private-resolution': {
      resource: `${API}-${VPCE}.execute-api.us-east-1.amazonaws.com`,
      summary: [VPCE_OTHER, VPCE, 'aws:SourceVpce', 'a1b2c3d4e5'],
      fix: [VPCE_OTHER],
      evidence: ['10.0.2.99'],
    },
  },
  'branch-endpoint-nacl-partial-ephemeral': {
    'nacl.endpoint-subnet': {
      resource: NACL_STRICT,
      summary: [NACL_STRICT, SUBNET_EP_A, 'outbound', '1024-32767'],
      fix: [
        NACL_STRICT,
        'From=1024,To=65535',
        '10.0.1.15/32',
        'aws ec2 create-network-acl-entry',
        '--network-acl-id acl-00000000000000002',
      ],
    },
  },
  'branch-lambda-endpoint-nacl-partial-ephemeral': {
    'nacl.endpoint-subnet': {
      resource: NACL_STRICT,
      summary: [NACL_STRICT, '1024-32767', 'subnet-00000000000000002'],
      fix: [NACL_STRICT, 'aws ec2 create-network-acl-entry', '--network-acl-id acl-00000000000000002'],
    },
  },
  'branch-caller-nacl-partial-ephemeral': {
    'nacl.caller-subnet': {
      resource: NACL_STRICT,
      summary: [NACL_STRICT, SUBNET_CALLER, 'inbound', '1024-32767'],
      fix: [
        NACL_STRICT,
        'From=1024,To=65535',
        '10.0.2.10/32',
        'aws ec2 create-network-acl-entry',
        '--network-acl-id acl-00000000000000002',
      ],
    },
  },
  'branch-resolves-to-unknown-private-ips': {
    'dns.private-resolution': {
      resource: HOST,
      summary: ['10.0.9.9', VPCE, '10.0.2.10', '10.0.3.10', 'a1b2c3d4e5'],
      fix: [VPCE, 'aws ec2 describe-vpcs', '--vpc-ids vpc-00000000000000001'],
      evidence: [`${VPCE} ENIs: 10.0.2.10, 10.0.3.10`],
    },
  },
  'branch-execute-api-endpoint-disabled': {
    'apigw.execute-api-endpoint': {
      resource: API,
      summary: [API, 'disableExecuteApiEndpoint'],
      fix: [
        API,
        'disableExecuteApiEndpoint',
        'aws apigateway update-rest-api',
        'aws apigateway create-deployment',
        '--rest-api-id a1b2c3d4e5',
      ],
    },
  },
  'branch-denying-policy-changed-after-deployment': {
    'apigw.resource-policy-allows': {
      resource: `${API} resource policy Statement[1] (DenyOutsideEndpoint)`,
      summary: ['Statement[1]', 'vpce-00000000000000009', VPCE],
      fix: [
        API,
        VPCE,
        'aws apigateway update-rest-api',
        'aws apigateway create-deployment',
        '--rest-api-id a1b2c3d4e5',
      ],
      statement: { index: 1, sid: 'DenyOutsideEndpoint' },
    },
    'apigw.policy-deployed': {
      resource: `${API}/prod`,
      summary: ['2025-01-14T08:30:00.000Z', 'prod', '2025-01-10T10:00:00.000Z'],
      fix: [API, 'prod', 'aws apigateway create-deployment', '--rest-api-id a1b2c3d4e5'],
      evidence: ['ops-admin', 'dep0000001'],
    },
  },
  'branch-alias-nxdomain-api-unreadable': {
    'dns.alias-association': {
      resource: API,
      summary: ['NXDOMAIN', VPCE, API],
      fix: [API, VPCE, 'aws apigateway update-rest-api', '--rest-api-id a1b2c3d4e5'],
      evidence: ['apigateway:GET'],
    },
    'dns.private-resolution': {
      resource: `${API}-${VPCE}.execute-api.us-east-1.amazonaws.com`,
      summary: ['NXDOMAIN', 'a1b2c3d4e5', 'vpce-00000000000000001'],
      fix: [API, VPCE, 'aws apigateway update-rest-api', '--rest-api-id a1b2c3d4e5'],
    },
  },
  'branch-caller-vpc-has-no-endpoint': {
    'dns.caller-vpc': {
      resource: VPC_OTHER,
      summary: [VPC_OTHER, VPCE, VPC, VPCE_OTHER],
      fix: [
        VPC_OTHER,
        VPC,
        'aws ec2 create-vpc-endpoint',
        'aws ec2 create-security-group',
        '--vpc-id vpc-00000000000000002',
        '--subnet-ids subnet-00000000000000004',
      ],
    },
    'dns.private-resolution': {
      resource: HOST,
      summary: ['3.210.12.34', 'a1b2c3d4e5'],
      fix: ['Values=com.amazonaws.us-east-1.execute-api', 'aws ec2 describe-vpc-endpoints'],
    },
  },
  'branch-alias-from-peered-vpc': {
    'dns.caller-vpc': { resource: VPCE, summary: [VPC_OTHER, VPCE, VPC], fix: [VPC_OTHER, VPC, SG_ENDPOINT] },
    'sg.endpoint-ingress-443': {
      resource: SG_ENDPOINT,
      summary: [SG_ENDPOINT, VPC_OTHER, VPC],
      fix: [
        SG_ENDPOINT,
        'CidrIp=10.1.1.20/32',
        'aws ec2 authorize-security-group-ingress',
        '--group-id sg-00000000000000002',
      ],
    },
  },
  'branch-custom-dhcp-from-laptop': {
    'dns.dhcp-resolvers': {
      resource: 'dopt-00000000000000001',
      summary: ['10.0.0.53', 'execute-api.us-east-1.amazonaws.com'],
      fix: [
        '10.0.0.53',
        'aws ec2 create-dhcp-options',
        'aws ec2 associate-dhcp-options',
        '--vpc-id vpc-00000000000000001',
      ],
    },
  },
  'branch-domain-no-management-policy': {
    'domain.access-association': {
      resource: DOMAIN,
      summary: [VPCE, DOMAIN],
      fix: [
        VPCE,
        'aws apigateway create-domain-name-access-association',
        '--domain-name-arn arn:aws:apigateway:us-east-1:222222222222:/domainnames/orders.internal.example.com+abcd1234',
        '--access-association-source vpce-00000000000000001',
      ],
    },
    'domain.management-policy': {
      resource: DOMAIN,
      summary: [DOMAIN, 'managementPolicy'],
      fix: [DOMAIN, '111111111111', 'aws apigateway update-domain-name'],
    },
  },
  'branch-domain-management-policy-other-account': {
    'domain.access-association': {
      resource: DOMAIN,
      summary: [VPCE, DOMAIN],
      fix: [
        VPCE,
        'aws apigateway create-domain-name-access-association',
        '--domain-name-arn arn:aws:apigateway:us-east-1:222222222222:/domainnames/orders.internal.example.com+abcd1234',
        '--access-association-source vpce-00000000000000001',
      ],
    },
    'domain.management-policy': {
      resource: DOMAIN,
      summary: [DOMAIN, '111111111111'],
      fix: ['arn:aws:iam::111111111111:root', DOMAIN, 'aws apigateway update-domain-name'],
    },
  },
  'branch-domain-without-policy': {
    'domain.policy-allows': {
      resource: DOMAIN,
      summary: [DOMAIN],
      fix: [DOMAIN, 'abcd1234', 'aws apigateway update-domain-name'],
    },
  },
  'branch-authorizer-missing': {
    'handler.authorizer': {
      resource: 'auth000009',
      summary: ['auth000009'],
      fix: [
        'aws apigateway update-method',
        'aws apigateway get-authorizers',
        'aws apigateway create-deployment',
        '--rest-api-id a1b2c3d4e5',
      ],
    },
  },
  'branch-token-authorizer-no-header': {
    'handler.authorizer': {
      resource: 'auth000001',
      summary: ['orders-token', 'Authorization', '401'],
      fix: ['Authorization'],
    },
  },
  'branch-cognito-method-signed': {
    'signing.authorization-header': {
      summary: ['COGNITO_USER_POOLS'],
      evidence: ['COGNITO_USER_POOLS', 'SigV4'],
    },
  },
  'branch-bearer-on-iam-method': {
    'signing.authorization-header': { summary: ['AWS_IAM', 'SigV4'], evidence: ['Bearer'] },
    'apigw.resource-policy-allows': {
      resource: `${API} resource policy Statement[0] (AllowCallerAccount)`,
      summary: ['Statement[0]'],
      statement: { index: 0, sid: 'AllowCallerAccount' },
      fix: ['aws apigateway update-rest-api', 'aws apigateway create-deployment', '--rest-api-id a1b2c3d4e5'],
    },
  },
  'branch-no-integration': {
    'handler.integration': {
      resource: 'res0000001',
      summary: ['GET', '/items', '500'],
      fix: [
        API,
        'res0000001',
        'GET',
        'aws apigateway put-integration',
        'aws apigateway create-deployment',
        '--rest-api-id a1b2c3d4e5',
      ],
    },
  },
  'branch-lambda-permission-other-api': {
    'handler.integration': {
      resource: FUNCTION_ARN,
      summary: [FUNCTION_ARN, API],
      fix: [
        FUNCTION_ARN,
        `${API}/*/*/*`,
        'apigateway.amazonaws.com',
        'aws lambda add-permission',
        '--function-name arn:aws:lambda:us-east-1:222222222222:function:orders-api',
      ],
      evidence: [`${API_ARN}/prod/GET/items`],
    },
  },
  'branch-method-changed-since-deployment': {
    'handler.route-deployed': {
      resource: `${API}/prod`,
      summary: ['GET', '/items', 'dep0000001', 'NONE', 'AWS_IAM'],
      fix: [API, 'prod', 'aws apigateway create-deployment', '--rest-api-id a1b2c3d4e5'],
    },
  },
  'branch-api-does-not-exist': {
    'handler.stage-deployed': {
      resource: API,
      summary: [API, '222222222222', 'us-east-1'],
      fix: ['aws apigateway get-rest-apis'],
    },
  },
  'branch-stage-without-deployment': {
    'handler.stage-deployed': {
      resource: `${API}/prod`,
      summary: ['prod'],
      fix: [API, 'prod', 'aws apigateway create-deployment', '--rest-api-id a1b2c3d4e5'],
    },
  },
  'branch-identity-policy-denies': {
    'iam.identity-allows': {
      resource: 'identity policy deny-invoke Statement[0] (NoInvoke)',
      summary: [
        'deny-invoke',
        'Statement[0]',
        'NoInvoke',
        'arn:aws:execute-api:us-east-1:222222222222:a1b2c3d4e5/prod/GET/items',
      ],
      fix: ['Statement[0]', 'deny-invoke'],
      statement: { index: 0, sid: 'NoInvoke' },
    },
  },
  'branch-identity-missing-method-unreadable': {
    'iam.identity-allows': {
      resource: ROLE_ARN,
      summary: [
        SESSION_ARN,
        'AWS_IAM',
        'arn:aws:execute-api:us-east-1:222222222222:a1b2c3d4e5/prod/GET/items',
      ],
      fix: ['orders-caller', API, 'aws iam put-role-policy'],
    },
  },
  'branch-session-expired': {
    'signing.credentials': {
      summary: ['2025-01-15T11:00:00.000Z'],
      evidence: [SESSION_ARN],
      fix: ['aws sso login'],
    },
  },
  'branch-session-expiring': {
    'signing.credentials': { summary: ['5 min', '2025-01-15T12:05:00.000Z'] },
  },
  'branch-no-endpoint-in-region': {
    'vpce.state-available': {
      resource: VPC,
      summary: ['us-east-1', VPC],
      fix: [
        VPC,
        'com.amazonaws.us-east-1.execute-api',
        'aws ec2 create-vpc-endpoint',
        'aws ec2 create-security-group',
        '--vpc-id vpc-00000000000000001',
        '--subnet-ids subnet-00000000000000001',
      ],
    },
  },
  'branch-endpoint-in-one-zone': {
    'vpce.subnets-azs': {
      resource: VPCE,
      summary: [VPCE],
      fix: [
        VPCE,
        'aws ec2 modify-vpc-endpoint',
        'aws ec2 describe-subnets',
        '--vpc-endpoint-id vpce-00000000000000001',
      ],
      evidence: [SUBNET_EP_A, 'us-east-1a'],
    },
  },
  'dhcp-no-domain-name-servers': {
    'dns.dhcp-resolvers': {
      resource: 'dopt-00000000000000001',
      summary: [VPC, 'dopt-00000000000000001', 'domain-name-servers'],
      fix: [
        'create-dhcp-options',
        'AmazonProvidedDNS',
        `associate-dhcp-options --dhcp-options-id DHCP_OPTIONS_ID --vpc-id ${VPC}`,
        'aws ec2 create-dhcp-options',
        'aws ec2 associate-dhcp-options',
      ],
    },
    'dns.private-resolution': {
      resource: HOST,
      summary: [HOST, 'NXDOMAIN'],
      fix: [VPCE, `describe-vpcs --vpc-ids ${VPC}`, 'aws ec2 describe-vpcs'],
    },
  },
  'endpoint-policy-notprincipal-deny': {
    'vpce.policy-allows': {
      resource: `${VPCE} endpoint policy Statement[1] (OnlyBatch)`,
      summary: [
        'NotPrincipal',
        SESSION_ARN,
        'not in it',
        'vpce-00000000000000001',
        'arn:aws:iam::111111111111:role/batch-jobs',
      ],
      fix: [
        `modify-vpc-endpoint --vpc-endpoint-id ${VPCE}`,
        ROLE_ARN,
        SESSION_ARN,
        'aws ec2 modify-vpc-endpoint',
      ],
      statement: { index: 1, sid: 'OnlyBatch' },
    },
  },
  'resource-policy-vpce-account-denies': {
    'apigw.resource-policy-allows': {
      resource: `${API} resource policy Statement[1] (OnlyNetworkAccountEndpoints)`,
      summary: ['aws:VpceAccount', '333333333333', '111111111111'],
      fix: [
        `update-rest-api --rest-api-id ${API}`,
        `create-deployment --rest-api-id ${API} --stage-name prod`,
        'aws apigateway update-rest-api',
        'aws apigateway create-deployment',
      ],
      statement: { index: 1, sid: 'OnlyNetworkAccountEndpoints' },
    },
  },
  'sg-caller-egress-prefix-list-misses': {
    'sg.caller-egress-443': {
      resource: SG_CALLER,
      summary: [SG_CALLER, VPCE, '443', 'sg-00000000000000002'],
      fix: [
        `authorize-security-group-egress --group-id ${SG_CALLER}`,
        SG_ENDPOINT,
        'aws ec2 authorize-security-group-egress',
      ],
    },
  },
  'handler-no-integration': {
    'handler.integration': {
      resource: 'res0000001',
      summary: ['no integration', '500'],
      fix: [
        `put-integration --rest-api-id ${API} --resource-id res0000001 --http-method GET`,
        'create-deployment',
        'aws apigateway put-integration',
        'aws apigateway create-deployment',
      ],
    },
  },
  'handler-authorizer-missing': {
    'handler.authorizer': {
      resource: 'gone00001',
      summary: ['gone00001', 'does not exist'],
      fix: [
        `update-method --rest-api-id ${API} --resource-id res0000001`,
        'AUTHORIZER_ID:',
        'get-authorizers',
        'aws apigateway update-method',
        'aws apigateway get-authorizers',
        'aws apigateway create-deployment',
      ],
    },
  },
  'handler-resource-missing': {
    'handler.route-exists': {
      resource: API,
      summary: ['/orders/items', 'Missing Authentication Token'],
      fix: [
        `create-resource --rest-api-id ${API}`,
        '--path-part items',
        'PARENT_ID:',
        'aws apigateway create-resource',
        'aws apigateway get-resources',
        'aws apigateway put-method',
        'aws apigateway put-integration',
        'aws apigateway create-deployment',
      ],
    },
  },
  'apigw-execute-api-endpoint-disabled': {
    'apigw.execute-api-endpoint': {
      resource: API,
      summary: [API, 'disableExecuteApiEndpoint'],
      fix: [
        `update-rest-api --rest-api-id ${API}`,
        '"path":"/disableExecuteApiEndpoint"',
        'create-deployment',
        'aws apigateway update-rest-api',
        'aws apigateway create-deployment',
      ],
    },
  },
  'vpce-pending': {
    'vpce.state-available': {
      resource: VPCE,
      summary: [VPCE, 'pendingAcceptance'],
      fix: [`describe-vpc-endpoints --vpc-endpoint-ids ${VPCE}`, 'aws ec2 describe-vpc-endpoints'],
    },
  },
  'vpce-one-zone': {
    'vpce.subnets-azs': {
      resource: VPCE,
      summary: [VPCE, 'one availability zone'],
      fix: [
        `modify-vpc-endpoint --vpc-endpoint-id ${VPCE} --add-subnet-ids SUBNET_ID`,
        `Values=${VPC}`,
        'aws ec2 modify-vpc-endpoint',
        'aws ec2 describe-subnets',
      ],
    },
  },
  'domain-no-policy': {
    'domain.policy-allows': {
      resource: DOMAIN,
      summary: [DOMAIN, 'no policy'],
      fix: [
        `update-domain-name --domain-name ${DOMAIN}`,
        '"path":"/policy"',
        'aws apigateway update-domain-name',
      ],
    },
  },
  'domain-name-not-in-private-zone': {
    'dns.private-resolution': {
      resource: DOMAIN,
      summary: [DOMAIN, 'NXDOMAIN'],
      fix: [
        'change-resource-record-sets',
        `"Name":"${DOMAIN}"`,
        VPCE,
        'HOSTED_ZONE_ID:',
        '"Type":"CNAME"',
        `"Value":"${VPCE}-abcd1234.execute-api.us-east-1.vpce.amazonaws.com"`,
        'a private hosted zone for internal.example.com',
        '--dns-name internal.example.com',
        'aws route53 change-resource-record-sets',
        'aws route53 list-hosted-zones-by-name',
      ],
    },
  },
}
