// Every command id the extension registers, in one typed list (package.json declares the same ids).
export const CommandIds = {
  refreshTables: 'dynamoGuard.refreshTables',
  addConnection: 'dynamoGuard.addConnection',
  addLocalConnection: 'dynamoGuard.addLocalConnection',
  removeConnection: 'dynamoGuard.removeConnection',
  showLog: 'dynamoGuard.showLog',
  getItem: 'dynamoGuard.getItem',
  queryTable: 'dynamoGuard.queryTable',
  filterTables: 'dynamoGuard.filterTables',
  clearTableFilter: 'dynamoGuard.clearTableFilter',
  pinTable: 'dynamoGuard.pinTable',
  unpinTable: 'dynamoGuard.unpinTable',
  openInConsole: 'dynamoGuard.openInConsole',
  copyArn: 'dynamoGuard.copyArn',
  findInCode: 'dynamoGuard.findInCode',
  signIn: 'dynamoGuard.signIn',
  revealThrottled: 'dynamoGuard.revealThrottled',
  openQueryPanel: 'dynamoGuard.openQueryPanel',
  analyzeWorkspace: 'dynamoGuard.analyzeWorkspace',
  ignoreFinding: 'dynamoGuard.ignoreFinding',
  openRuleDoc: 'dynamoGuard.openRuleDoc',
  openTableDashboard: 'dynamoGuard.openTableDashboard',
  copyCostRecommendation: 'dynamoGuard.copyCostRecommendation',
  copyAlarmDefinition: 'dynamoGuard.copyAlarmDefinition',
} as const;

export type CommandId = (typeof CommandIds)[keyof typeof CommandIds];
