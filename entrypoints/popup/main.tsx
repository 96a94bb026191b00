import { render } from 'preact';

function App() {
  return <main>Infini SSH Keys</main>;
}

render(<App />, document.getElementById('app')!);
