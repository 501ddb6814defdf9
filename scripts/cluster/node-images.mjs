// The real node pulls from no registry: every image its pods use is built here (scripts/images/) and imported into
// its containerd under the exact reference the manifests name, so `imagePullPolicy: IfNotPresent` finds it.
import { ensureImages, loadImages } from '../images/build.mjs';
import { knownReferences } from '../images/catalogue.mjs';

/** Builds what is missing (cached across runs) and imports every catalogue image into the node's containerd. */
export async function loadNodeImages({ ctr, socket, log = console.log, refs = knownReferences() }) {
  const t0 = Date.now();
  const built = await ensureImages(refs, { log: (m) => log(`[images] ${m}`) });
  const fresh = built.filter((b) => !b.cached).length;
  const { loaded } = loadImages(built.map((b) => b.tar), { ctrBin: ctr, address: socket, log: () => {} });
  log(`[cluster] ${built.length} images in the node's containerd (${fresh} built, ${loaded.length} imported) in ${Date.now() - t0} ms`);
}
