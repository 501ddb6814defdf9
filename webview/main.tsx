/** Entry of the canvas webview: styles, the UI kit, the layout worker, and the app. */
import '@xyflow/react/dist/style.css';
import './styles.css';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { vscodeApi } from './host';
import { elkWorkerRunner } from './layout/elkClient';
import { registerToolkit } from './ui';

registerToolkit();
const root = document.getElementById('root')!;
// The worker starts now, while the host answers `ready`, so ELK is loaded when the first document arrives.
const runner = elkWorkerRunner(root.dataset.layoutWorker ?? 'layout.worker.js');
createRoot(root).render(<App api={vscodeApi()} runner={runner} />);
