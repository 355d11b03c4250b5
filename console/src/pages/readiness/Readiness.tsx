/** Placeholder until this page is built. */
export function Readiness() {
  return <div>建设中 / Under construction</div>;
}
