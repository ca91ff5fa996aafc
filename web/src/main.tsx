import { render } from 'preact';
import { Root } from './app';
import './style.css';

render(<Root />, document.getElementById('app') as HTMLElement);
