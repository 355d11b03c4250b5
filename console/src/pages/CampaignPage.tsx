/** Placeholder until this page is built. */
export function CampaignPage() {
  return <div>建设中 / Under construction</div>;
}
