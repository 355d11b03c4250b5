/** Placeholder until this page is built. */
export function PublicNotice() {
  return <div>建设中 / Under construction</div>;
}
