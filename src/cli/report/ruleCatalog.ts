// Where reports send a reader about a rule: the tool's home and each rule's page on GitHub. What a
// rule is (name, descriptions, help, default severity) is the registry's, src/core/rules/registry.ts.
import { ruleDocPath, type RuleId } from '../../core/rules/registry';

export const INFORMATION_URI = 'https://github.com/dynamo-guard/dynamo-guard';
/** The default branch's files; SARIF `helpUri` and annotations link rule pages under it. */
const FILES_URL = `${INFORMATION_URI}/blob/main/`;

export function ruleDocsUrl(id: RuleId): string {
  return `${FILES_URL}${ruleDocPath(id)}`;
}
