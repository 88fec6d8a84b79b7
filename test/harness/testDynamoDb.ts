// The DynamoDB Local instance an integration test file uses: the one `npm test` shares through
// DYNAMO_GUARD_TEST_DDB_ENDPOINT, or one started for this file and stopped after it.
import { after } from 'node:test';
import { randomBytes } from 'node:crypto';
import { startDynamoDbLocal, LOCAL_CREDENTIALS } from './dynamodbLocal';

export interface TestDynamoDb {
  endpoint: string;
  region: string;
  credentials: typeof LOCAL_CREDENTIALS;
}

let pending: Promise<TestDynamoDb> | undefined;

export function testDynamoDb(): Promise<TestDynamoDb> {
  if (!pending) {
    pending = (async () => {
      const shared = process.env.DYNAMO_GUARD_TEST_DDB_ENDPOINT;
      if (shared) return { endpoint: shared, region: 'us-east-1', credentials: LOCAL_CREDENTIALS };
      const ddb = await startDynamoDbLocal();
      after(() => ddb.stop());
      return { endpoint: ddb.endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS };
    })();
  }
  return pending;
}

/** A table name no other test file uses, so files can share one DynamoDB Local. */
export function uniqueTableName(base: string): string {
  return `${base}-${randomBytes(4).toString('hex')}`;
}
