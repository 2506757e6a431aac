/**
 * The cluster's own Services the board leaves out: what `kubeadm init` installed (`kubernetes` in
 * default, `kube-dns` in kube-system; world/systempods.ts). They were there before the class began,
 * no pod of the class backs them and no seat works on them, so on the board they would only crowd the
 * class's own; students find them where they would in a real cluster, with kubectl (`get svc -A`). The
 * control plane's pods are not in the class's pods at all (kubectl lists them: `get pods -A`).
 */
const INSTALLED_SERVICES = new Set(["default/kubernetes", "kube-system/kube-dns"]);

export function isClusterSystem(serviceKey: string): boolean {
  return INSTALLED_SERVICES.has(serviceKey);
}
