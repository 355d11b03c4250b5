/** Placeholder until this page is built. */
export function Login() {
  return <div>建设中 / Under construction</div>;
}
