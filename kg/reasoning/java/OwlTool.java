// The OWL API (the library Protégé is built on) as a small command-line tool for kg/profile.py.
//   profile FILE          print every OWL 2 DL profile violation, one per line: KIND<TAB>AXIOM<TAB>MESSAGE
//   convert IN OUT FORMAT re-serialise IN as FORMAT (rdfxml, owlxml, turtle, functional) the way Protégé saves
// Imports resolve offline through the system property "catalog": IRI|FILE pairs separated by ";"
// (kg/owlapi.py reads them from catalog-v001.xml, as Protégé does).
import java.io.File;
import java.util.List;
import org.coode.owlapi.turtle.TurtleOntologyFormat;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.io.OWLFunctionalSyntaxOntologyFormat;
import org.semanticweb.owlapi.io.OWLXMLOntologyFormat;
import org.semanticweb.owlapi.io.RDFXMLOntologyFormat;
import org.semanticweb.owlapi.model.IRI;
import org.semanticweb.owlapi.model.MissingImportHandlingStrategy;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyFormat;
import org.semanticweb.owlapi.model.OWLOntologyLoaderConfiguration;
import org.semanticweb.owlapi.model.OWLOntologyManager;
import org.semanticweb.owlapi.io.FileDocumentSource;
import org.semanticweb.owlapi.profiles.OWL2DLProfile;
import org.semanticweb.owlapi.util.SimpleIRIMapper;
import org.semanticweb.owlapi.profiles.OWLProfileReport;
import org.semanticweb.owlapi.profiles.OWLProfileViolation;

public class OwlTool {
    static OWLOntology load(OWLOntologyManager manager, String path) throws Exception {
        String catalog = System.getProperty("catalog");
        if (catalog != null && !catalog.isEmpty()) {
            for (String entry : catalog.split(";")) {
                String[] pair = entry.split("\\|", 2);
                manager.addIRIMapper(new SimpleIRIMapper(IRI.create(pair[0]), IRI.create(new File(pair[1]).toURI())));
            }
        }
        OWLOntologyLoaderConfiguration config = new OWLOntologyLoaderConfiguration()
            .setMissingImportHandlingStrategy(MissingImportHandlingStrategy.SILENT);
        return manager.loadOntologyFromOntologyDocument(new FileDocumentSource(new File(path)), config);
    }

    public static void main(String[] args) throws Exception {
        OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
        if (args.length == 2 && args[0].equals("profile")) {
            OWLOntology ontology = load(manager, args[1]);
            OWLProfileReport report = new OWL2DLProfile().checkOntology(ontology);
            List<OWLProfileViolation> violations = report.getViolations();
            for (OWLProfileViolation v : violations) {
                String axiom = v.getAxiom() == null ? "" : v.getAxiom().toString();
                System.out.println(v.getClass().getSimpleName() + "\t" + axiom.replace('\n', ' ')
                    + "\t" + v.toString().replace('\n', ' ').replace('\t', ' '));
            }
            System.err.println("axioms: " + ontology.getAxiomCount() + ", violations: " + violations.size());
        } else if (args.length == 4 && args[0].equals("convert")) {
            OWLOntology ontology = load(manager, args[1]);
            OWLOntologyFormat format;
            switch (args[3]) {
                case "owlxml": format = new OWLXMLOntologyFormat(); break;
                case "turtle": format = new TurtleOntologyFormat(); break;
                case "functional": format = new OWLFunctionalSyntaxOntologyFormat(); break;
                default: format = new RDFXMLOntologyFormat();
            }
            manager.saveOntology(ontology, format, IRI.create(new File(args[2]).toURI()));
        } else {
            System.err.println("usage: OwlTool profile FILE | OwlTool convert IN OUT rdfxml|owlxml|turtle|functional");
            System.exit(2);
        }
    }
}
