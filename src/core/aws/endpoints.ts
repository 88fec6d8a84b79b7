// Endpoint facts that need no SDK: whether an endpoint is on this machine (DynamoDB Local, a stand-in).

export function isLocalEndpoint(endpoint: string | undefined): boolean {
  if (!endpoint) return false;
  try {
    const host = new URL(endpoint).hostname;
    return (
      host === 'localhost' || host === '127.0.0.1' || host === '[::1]' || host === '::1' || host.endsWith('.localhost')
    );
  } catch {
    return false;
  }
}
