// The lazily loaded AWS bundle (dist/aws.js): everything that pulls in the SDK, as a plain list of exports.
export { dynamoDbClient, cloudWatchClient, disposeClients, isLocalEndpoint, setMfaCodeProvider } from '../aws/clients';
export { listTableNames, describeTable } from '../tables/describe';
export { getItem, queryPages, queryPagesUpTo, scanPages, collectPages, FILTER_NOTE } from '../query/run';
export { QueryInputError } from '../query/keyValue';
export { startKeyFrom } from '../query/startKey';
export { itemToJson, itemToDynamoDbJson } from '../query/itemJson';
export { toAwsProblem, AwsProblem } from '../aws/errors';
export { fullScanEstimate } from '../pricing';
export { readTableMetrics } from '../metrics/metricsReport';
export { fetchMetrics, describeCloudWatchError } from '../metrics/fetchMetrics';
export { describeContributorInsights, topKeys } from '../metrics/contributorInsights';
export { profileRegion, cloudWatchConnection } from '../connections';
export { analyzeCosts } from '../cost/costReport';
export { readTableHistory } from '../cost/tableHistory';
