// An amount of money as text, cent-exact ("$1,234.50", "12.00 EUR"): the figure advice evidence
// and cost reports quote.

export function money(usd: number, currency = 'USD'): string {
  const n = usd.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return currency === 'USD' ? `$${n}` : `${n} ${currency}`;
}
