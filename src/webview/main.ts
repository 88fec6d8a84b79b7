// The query panel page's entry: builds the page in #app and starts it (queryPage.ts holds the rest).
import './panel.css';
import { QueryPage, type VsCodeApi } from './queryPage';

declare function acquireVsCodeApi(): VsCodeApi;

new QueryPage(acquireVsCodeApi(), document.getElementById('app') as HTMLElement).start();
