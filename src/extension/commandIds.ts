// Every command id the extension registers, in one typed list (package.json declares the same ids).
export const CommandIds = {
  refreshTables: 'dynamoGuard.refreshTables',
  addConnection: 'dynamoGuard.addConnection',
  addLocalConnection: 'dynamoGuard.addLocalConnection',
  removeConnection: 'dynamoGuard.removeConnection',
  showLog: 'dynamoGuard.showLog',
  getItem: 'dynamoGuard.getItem',
  queryTable: 'dynamoGuard.queryTable',
  analyzeWorkspace: 'dynamoGuard.analyzeWorkspace',
  ignoreFinding: 'dynamoGuard.ignoreFinding',
  openRuleDoc: 'dynamoGuard.openRuleDoc',
} as const;

export type CommandId = (typeof CommandIds)[keyof typeof CommandIds];
