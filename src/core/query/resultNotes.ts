// The notes shown under a key query's result wherever it is shown (palette document, query panel):
// what an index's projection leaves out, and what a dollar figure means on a provisioned table.
import type { IndexModel, TableModel } from '../tables/tableModel';

export function projectionNote(index: IndexModel): string | undefined {
  switch (index.projection.type) {
    case 'ALL':
      return undefined;
    case 'KEYS_ONLY':
      return `Index ${index.name} projects only key attributes: items show just their keys.`;
    case 'INCLUDE':
      return `Index ${index.name} projects only its keys and ${(index.projection.nonKeyAttributes ?? []).join(', ') || 'no other attributes'}.`;
  }
}

export function billingNote(table: TableModel): string | undefined {
  // On provisioned tables the read is already paid for; say so, or the dollar figure reads as a charge.
  return table.billingMode === 'PROVISIONED'
    ? `Table ${table.name} uses provisioned capacity: the cost is this read's share of capacity billed whether used or not.`
    : undefined;
}
