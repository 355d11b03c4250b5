/** Placeholder until this page is built. */
export function BureauAudit() {
  return <div>建设中 / Under construction</div>;
}
