// The generated documents, each with the function that writes it: `npm run docs` (scripts/docs.ts) writes them all,
// and a unit test per document (__tests__/unit/docs.test.ts) fails when the committed file differs.
import { CONFIGURATION_DOC, renderConfigurationDoc } from './configuration';
import { COST_DOC, renderCostDoc } from './cost';
import { POLICY_RULES_DOC, renderPolicyRulesDoc } from './policy-rules';
import { renderWaiversDoc, WAIVERS_DOC } from './waivers';

export interface GeneratedDocument {
  /** Relative to the project root. */
  readonly path: string;
  /** The document's text, from the sources under `root`. */
  readonly render: (root: string) => string;
}

export const GENERATED_DOCUMENTS: readonly GeneratedDocument[] = [
  { path: CONFIGURATION_DOC, render: renderConfigurationDoc },
  { path: POLICY_RULES_DOC, render: renderPolicyRulesDoc },
  { path: WAIVERS_DOC, render: () => renderWaiversDoc() },
  { path: COST_DOC, render: () => renderCostDoc() },
];
