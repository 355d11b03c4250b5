/** Placeholder until this page is built. */
export function CreateCampaign() {
  return <div>建设中 / Under construction</div>;
}
