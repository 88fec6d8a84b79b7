// Which files the Python front-end reads, and the cheap text test that decides whether one is parsed.

export function isPythonFile(fileName: string): boolean {
  const lower = fileName.toLowerCase();
  return lower.endsWith('.py');
}

// Words without which a Python file cannot hold an operation the rules report: the SDK or ORM, a
// table handle, a request field, a PartiQL call, or a Scan/Query spelled as a method.
const INTERESTING =
  /dynamodb|boto3|pynamodb|Table\(|TableName|KeyConditionExpression|execute_statement|batch_writer|_item\s*\(|\.(?:scan|query|count|save|paginate)\s*\(/i;

/** Whether a Python text can hold DynamoDB code at all (checked before parsing). */
export function mightMatterPython(text: string): boolean {
  return INTERESTING.test(text);
}
