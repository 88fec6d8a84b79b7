// Rule `hot-key-read`: a GetItem (or BatchGet / TransactGet entry) of one constant item on every
// call of a function. Its check is check.ts.
import { ONE_OFF_CODE_PATHS } from '../oneOffCodePaths';
import type { RuleDefinition } from '../ruleDefinition';

export const hotKeyReadRule = {
  id: 'hot-key-read',
  name: 'HotKeyRead',
  title: 'Hot-key read',
  shortDescription: 'Every call reads the same item',
  fullDescription:
    "A GetItem, BatchGetItem or TransactGetItems inside a function names the whole primary key of one item as constants (`get({ Key: { id: '#config' } })`), so every call of that code reads the same item.",
  help: 'Every call pays for the read again, and all of them land on the one partition that holds the item: at most 3,000 read units per second, shared with every other item there. Items read this way are usually configuration, feature flags or counters that change rarely. Fix: cache the item in memory for a while (module scope in a Lambda function outlives the invocation), use DAX, or keep the value in configuration. Reads that must stay (seed scripts, migrations, tests) belong in paths listed under allowConstantKeys in dynamo-guard.config.json or behind `// dynamo-guard-ignore-next-line hot-key-read -- <reason>`.',
  defaultSeverity: 'info',
  tags: ['dynamodb', 'performance', 'cost'],
  precision: 'high',
  reads: ['get', 'batch-get', 'transact-get'],
  fixes: [],
  suppressible: true,
  pricesFindings: false,
  icon: 'flame',
  configFile: { description: 'Reads of one constant item on every call.' },
  editorSetting: { summary: 'reads of one constant item on every call' },
  allowedPaths: {
    configKey: 'allowConstantKeys',
    description:
      'Paths where constant-key reads are expected (seed scripts, migrations, tests), reported at a reduced severity.',
    defaultPaths: ONE_OFF_CODE_PATHS,
    defaultSeverity: 'off',
  },
} as const satisfies RuleDefinition;
