/**
 * `orders-api` → `ORDERS_API_URL`: the variable a caller gets for each service it `calls` (one
 * definition for the manifest's collision rule and the task definition).
 */
export function callUrlVariable(callee: string): string {
  return `${callee.toUpperCase().replace(/-/g, '_')}_URL`;
}
