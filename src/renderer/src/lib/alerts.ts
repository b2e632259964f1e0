/**
 * Alert messages name their account ("CheapAI · main — 92 % of today's cap used…"); on the
 * account's own card the part after the dash is enough.
 */
export function alertText(message: string): string {
  const cut = message.indexOf(' — ');
  const text = cut >= 0 ? message.slice(cut + 3) : message;
  return text.charAt(0).toUpperCase() + text.slice(1);
}
