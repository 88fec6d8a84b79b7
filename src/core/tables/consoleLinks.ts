// Links into the AWS console for a table, in the console domain of the region's partition.

/** The console host of a region's partition (aws, aws-cn, aws-us-gov). */
export function consoleHost(region: string): string {
  if (region.startsWith('cn-')) return 'console.amazonaws.cn';
  if (region.startsWith('us-gov-')) return 'console.amazonaws-us-gov.com';
  return `${region}.console.aws.amazon.com`;
}

/** The DynamoDB console page of one table (the "Overview" tab). */
export function tableConsoleUrl(region: string, table: string): string {
  return `https://${consoleHost(region)}/dynamodbv2/home?region=${encodeURIComponent(region)}#table?name=${encodeURIComponent(table)}`;
}
