/**
 * A deployed template's body as the plain data a synthesized template is. CloudFormation returns the
 * body as it was submitted: JSON for every stack the CDK deployed, YAML for a stack someone deployed
 * another way, with the short forms of intrinsic functions (`!Ref`, `!GetAtt`, `!Sub`) that mean the
 * same as the long JSON forms the CDK writes.
 */
import { parse, type Tags } from 'yaml';
import type { CfnTemplate } from '../../reports/assembly-reader';

/** The intrinsic functions with a YAML short form (`!Name` for `Fn::Name`, but `!Ref` and `!Condition`). */
const SHORT_FORMS = [
  'Base64', 'Cidr', 'Equals', 'FindInMap', 'GetAtt', 'GetAZs', 'If', 'ImportValue', 'Join', 'Not', 'And', 'Or',
  'Select', 'Split', 'Sub', 'Transform', 'ToJsonString', 'Length', 'Ref', 'Condition',
] as const;

function longFormOf(name: string): string {
  return name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`;
}

/** `!GetAtt Bucket.Arn` is `{ "Fn::GetAtt": ["Bucket", "Arn"] }`: the resource, then the attribute (which may hold dots). */
function resolveScalar(name: string, value: string): unknown {
  if (name === 'GetAtt') {
    const dot = value.indexOf('.');
    return { 'Fn::GetAtt': dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)] };
  }
  return { [longFormOf(name)]: value };
}

const CLOUDFORMATION_TAGS: Tags = SHORT_FORMS.flatMap((name) => [
  { tag: `!${name}`, resolve: (value: string) => resolveScalar(name, value) },
  { tag: `!${name}`, collection: 'seq' as const, resolve: (value: { toJSON(): unknown }) => ({ [longFormOf(name)]: value.toJSON() }) },
  { tag: `!${name}`, collection: 'map' as const, resolve: (value: { toJSON(): unknown }) => ({ [longFormOf(name)]: value.toJSON() }) },
]);

/** The template in `body` (JSON or YAML); throws when it is neither, or not a template. */
export function parseTemplateBody(body: string): CfnTemplate {
  let template: unknown;
  try {
    template = JSON.parse(body);
  } catch {
    // YAML 1.2 (CloudFormation's flavour) with the intrinsic functions' short forms.
    template = parse(body, { customTags: CLOUDFORMATION_TAGS, version: '1.2', maxAliasCount: -1 });
  }
  if (typeof template !== 'object' || template === null || Array.isArray(template)) {
    throw new Error('the deployed template is not a JSON or YAML object');
  }
  const resources = (template as { Resources?: unknown }).Resources;
  return { ...(template as object), Resources: typeof resources === 'object' && resources !== null ? resources : {} } as CfnTemplate;
}
