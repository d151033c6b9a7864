// Given names and surnames by locale, accents kept: support agents search for "Conceição"
// and "Müller", so the demo data must contain them.

export interface NameBook {
  readonly female: readonly string[];
  readonly male: readonly string[];
  readonly surnames: readonly string[];
  /** How names are put together in this locale. */
  readonly style: 'western' | 'iberian' | 'brazilian' | 'arabic';
}

// prettier-ignore
const german: NameBook = {
  female: ['Anna', 'Sophie', 'Lena', 'Katharina', 'Julia', 'Laura', 'Sarah', 'Jana', 'Hannah', 'Lea', 'Marie',
    'Johanna', 'Sabine', 'Petra', 'Ursula', 'Monika', 'Birgit', 'Käthe', 'Franziska', 'Lisa', 'Charlotte', 'Ilse',
    'Gisela', 'Dörte'],
  male: ['Lukas', 'Jonas', 'Felix', 'Maximilian', 'Paul', 'Leon', 'Tobias', 'Michael', 'Thomas', 'Andreas', 'Stefan',
    'Jürgen', 'Jörg', 'Klaus', 'Uwe', 'Florian', 'Sebastian', 'Matthias', 'Björn', 'Dieter', 'Wolfgang', 'Günther',
    'Sören', 'Moritz', 'Niklas'],
  surnames: ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann',
    'Schäfer', 'Koch', 'Bauer', 'Richter', 'Klein', 'Wolf', 'Schröder', 'Neumann', 'Schwarz', 'Zimmermann', 'Braun',
    'Krüger', 'Hofmann', 'Hartmann', 'Lange', 'Schmitt', 'Werner', 'Krause', 'Köhler', 'Groß', 'Weiß', 'Jäger',
    'Vogel', 'Böhm', 'Lehmann'],
  style: 'western',
};

// prettier-ignore
const french: NameBook = {
  female: ['Marie', 'Camille', 'Léa', 'Chloé', 'Manon', 'Inès', 'Julie', 'Élodie', 'Sophie', 'Céline', 'Aurélie',
    'Émilie', 'Hélène', 'Nathalie', 'Isabelle', 'Océane', 'Zoé', 'Anaïs', 'Maëlle', 'Françoise', 'Clémence',
    'Margaux', 'Amélie'],
  male: ['Lucas', 'Hugo', 'Louis', 'Gabriel', 'Arthur', 'Jules', 'Théo', 'Nathan', 'Mathéo', 'Étienne', 'François',
    'Jérôme', 'Sébastien', 'Nicolas', 'Julien', 'Olivier', 'Frédéric', 'Benoît', 'Cédric', 'Raphaël', 'Noé',
    'Antoine', 'Grégoire'],
  surnames: ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau',
    'Simon', 'Laurent', 'Lefèvre', 'Michel', 'Garcia', 'David', 'Bertrand', 'Roux', 'Vincent', 'Fournier', 'Morel',
    'Girard', 'André', 'Lefebvre', 'Mercier', 'Dupont', 'Lambert', 'Bonnet', 'François', 'Martinez', 'Lemaître',
    'Chevalier', 'Benoît', 'Gauthier', 'Faure'],
  style: 'western',
};

// prettier-ignore
const spanish: NameBook = {
  female: ['María', 'Lucía', 'Paula', 'Sofía', 'Martina', 'Carmen', 'Ana', 'Laura', 'Marta', 'Cristina', 'Isabel',
    'Elena', 'Nuria', 'Pilar', 'Inés', 'Begoña', 'Rocío', 'Ainhoa', 'Montserrat', 'Mercedes', 'Raquel', 'Alba'],
  male: ['Hugo', 'Martín', 'Lucas', 'Daniel', 'Pablo', 'Alejandro', 'Javier', 'David', 'José', 'Antonio', 'Manuel',
    'Francisco', 'Jesús', 'Sergio', 'Álvaro', 'Adrián', 'Iñaki', 'Jordi', 'Óscar', 'Rubén', 'Íñigo', 'Andrés',
    'Ramón'],
  surnames: ['García', 'Rodríguez', 'González', 'Fernández', 'López', 'Martínez', 'Sánchez', 'Pérez', 'Gómez',
    'Martín', 'Jiménez', 'Ruiz', 'Hernández', 'Díaz', 'Moreno', 'Muñoz', 'Álvarez', 'Romero', 'Alonso', 'Gutiérrez',
    'Navarro', 'Torres', 'Domínguez', 'Vázquez', 'Ramos', 'Gil', 'Ramírez', 'Serrano', 'Blanco', 'Núñez', 'Ibáñez',
    'Castaño', 'Peña', 'Cortés'],
  style: 'iberian',
};

// prettier-ignore
const latinAmerican: NameBook = {
  female: ['María José', 'Valentina', 'Camila', 'Sofía', 'Daniela', 'Mariana', 'Fernanda', 'Gabriela', 'Ximena',
    'Guadalupe', 'Andrea', 'Natalia', 'Lucía', 'Paola', 'Verónica', 'Alejandra', 'Catalina', 'Florencia', 'Micaela',
    'Renata', 'Yesenia', 'Karla'],
  male: ['Santiago', 'Mateo', 'Sebastián', 'Diego', 'Juan Pablo', 'Nicolás', 'Matías', 'Emiliano', 'Joaquín', 'Tomás',
    'Felipe', 'Andrés', 'Luis Fernando', 'José Luis', 'Carlos', 'Jorge', 'Héctor', 'Raúl', 'Julián', 'Agustín',
    'Benjamín', 'Rodrigo'],
  surnames: ['Hernández', 'García', 'Martínez', 'López', 'González', 'Rodríguez', 'Pérez', 'Sánchez', 'Ramírez',
    'Flores', 'Gómez', 'Díaz', 'Torres', 'Vargas', 'Rojas', 'Morales', 'Castillo', 'Jiménez', 'Muñoz', 'Reyes',
    'Gutiérrez', 'Cruz', 'Ortiz', 'Mendoza', 'Quispe', 'Mamani', 'Chávez', 'Núñez', 'Benítez', 'Fernández', 'Álvarez',
    'Cárdenas', 'Espinoza', 'Peña'],
  style: 'iberian',
};

// prettier-ignore
const italian: NameBook = {
  female: ['Giulia', 'Sofia', 'Aurora', 'Alice', 'Francesca', 'Chiara', 'Martina', 'Giorgia', 'Federica', 'Valentina',
    'Elisa', 'Alessandra', 'Paola', 'Roberta', 'Ilaria', 'Beatrice', 'Noemi', 'Letizia', 'Rosaria', 'Maddalena'],
  male: ['Leonardo', 'Francesco', 'Alessandro', 'Lorenzo', 'Mattia', 'Andrea', 'Gabriele', 'Riccardo', 'Tommaso',
    'Davide', 'Giuseppe', 'Marco', 'Luca', 'Giovanni', 'Nicolò', 'Salvatore', 'Antonio', 'Fabrizio', 'Stefano',
    'Emanuele'],
  surnames: ['Rossi', 'Russo', 'Ferrari', 'Esposito', 'Bianchi', 'Romano', 'Colombo', 'Ricci', 'Marino', 'Greco',
    'Bruno', 'Gallo', 'Conti', 'De Luca', 'Mancini', 'Costa', 'Giordano', 'Rizzo', 'Lombardi', 'Moretti', 'Barbieri',
    'Fontana', 'Santoro', 'Mariani', 'Rinaldi', 'Caruso', 'Ferrara', 'Galli', 'Martini', 'Leone', 'Longo', 'Gentile',
    'D’Angelo', 'Dell’Acqua'],
  style: 'western',
};

// prettier-ignore
const dutch: NameBook = {
  female: ['Emma', 'Julia', 'Mila', 'Tess', 'Sophie', 'Zoë', 'Sara', 'Anouk', 'Fleur', 'Lotte', 'Sanne', 'Eva',
    'Femke', 'Iris', 'Maaike', 'Noor', 'Esmée', 'Ingrid', 'Marloes', 'Annelies'],
  male: ['Daan', 'Sem', 'Lucas', 'Levi', 'Finn', 'Milan', 'Bram', 'Jesse', 'Thijs', 'Ruben', 'Joost', 'Pieter',
    'Sander', 'Maarten', 'Wouter', 'Joris', 'Sjoerd', 'Hendrik', 'Koen', 'Gijs'],
  surnames: ['de Jong', 'Jansen', 'de Vries', 'van den Berg', 'van Dijk', 'Bakker', 'Janssen', 'Visser', 'Smit',
    'Meijer', 'de Boer', 'Mulder', 'de Groot', 'Bos', 'Vos', 'Peters', 'Hendriks', 'van Leeuwen', 'Dekker', 'Brouwer',
    'de Wit', 'Dijkstra', 'Smits', 'de Graaf', 'van der Meer', 'Kok', 'Jacobs', 'de Haan', 'Vermeulen',
    'van den Heuvel'],
  style: 'western',
};

// prettier-ignore
const belgian: NameBook = {
  female: ['Emma', 'Louise', 'Olivia', 'Elena', 'Marie', 'Lore', 'Charlotte', 'Ine', 'Hélène', 'Amélie', 'Lieselotte',
    'Noémie', 'Fien', 'Jolien', 'Céline'],
  male: ['Noah', 'Arthur', 'Louis', 'Liam', 'Jules', 'Lucas', 'Wout', 'Pieter-Jan', 'Thibault', 'Maxime', 'Jérôme',
    'Bart', 'Stijn', 'Frédéric', 'Cédric'],
  surnames: ['Peeters', 'Janssens', 'Maes', 'Jacobs', 'Mertens', 'Willems', 'Claes', 'Goossens', 'Wouters', 'De Smet',
    'Dubois', 'Lambert', 'Dupont', 'Martin', 'Vermeulen', 'Van de Velde', 'Declercq', 'Lemaire', 'Desmet', 'Lejeune',
    'Renard', 'Hermans', 'Michiels', 'Leclercq', 'Dumont'],
  style: 'western',
};

// prettier-ignore
const polish: NameBook = {
  female: ['Anna', 'Maria', 'Katarzyna', 'Małgorzata', 'Agnieszka', 'Barbara', 'Ewa', 'Krystyna', 'Elżbieta', 'Zofia',
    'Joanna', 'Magdalena', 'Monika', 'Aleksandra', 'Natalia', 'Weronika', 'Julia', 'Łucja', 'Bożena', 'Grażyna'],
  male: ['Piotr', 'Krzysztof', 'Andrzej', 'Tomasz', 'Paweł', 'Marcin', 'Michał', 'Łukasz', 'Jakub', 'Grzegorz',
    'Mateusz', 'Wojciech', 'Mariusz', 'Dariusz', 'Zbigniew', 'Jerzy', 'Maciej', 'Szymon', 'Bartłomiej', 'Przemysław'],
  surnames: ['Nowak', 'Kowalski', 'Wiśniewski', 'Wójcik', 'Kowalczyk', 'Kamiński', 'Lewandowski', 'Zieliński',
    'Szymański', 'Woźniak', 'Dąbrowski', 'Kozłowski', 'Jankowski', 'Mazur', 'Kwiatkowski', 'Krawczyk', 'Piotrowski',
    'Grabowski', 'Nowakowski', 'Pawłowski', 'Michalski', 'Król', 'Wieczorek', 'Jabłoński', 'Wróbel', 'Górski',
    'Stępień', 'Sikora'],
  style: 'western',
};

// prettier-ignore
const swedish: NameBook = {
  female: ['Alice', 'Maja', 'Elsa', 'Astrid', 'Wilma', 'Ebba', 'Saga', 'Linnéa', 'Ingrid', 'Karin', 'Kerstin',
    'Birgitta', 'Åsa', 'Malin', 'Sofia', 'Frida', 'Emelie', 'Annika', 'Märta', 'Agnes'],
  male: ['William', 'Oscar', 'Lucas', 'Hugo', 'Elias', 'Axel', 'Erik', 'Lars', 'Anders', 'Johan', 'Per', 'Björn',
    'Gustav', 'Mattias', 'Fredrik', 'Nils', 'Olof', 'Göran', 'Åke', 'Sven'],
  surnames: ['Andersson', 'Johansson', 'Karlsson', 'Nilsson', 'Eriksson', 'Larsson', 'Olsson', 'Persson', 'Svensson',
    'Gustafsson', 'Pettersson', 'Jonsson', 'Jansson', 'Hansson', 'Bengtsson', 'Lindberg', 'Lindström', 'Lindqvist',
    'Berglund', 'Sjöberg', 'Åberg', 'Öberg', 'Engström', 'Holmström', 'Ström', 'Nyström', 'Söderberg', 'Håkansson'],
  style: 'western',
};

// prettier-ignore
const finnish: NameBook = {
  female: ['Aino', 'Eevi', 'Helmi', 'Sofia', 'Aada', 'Emma', 'Sanna', 'Minna', 'Päivi', 'Tiina', 'Satu', 'Johanna',
    'Kaisa', 'Riikka', 'Heli', 'Anneli', 'Sirpa', 'Elina', 'Jenni', 'Hanna'],
  male: ['Eino', 'Leo', 'Onni', 'Väinö', 'Elias', 'Juhani', 'Mikko', 'Jari', 'Timo', 'Pekka', 'Matti', 'Antti',
    'Janne', 'Ville', 'Juha', 'Jussi', 'Sami', 'Tuomas', 'Heikki', 'Kari'],
  surnames: ['Korhonen', 'Virtanen', 'Mäkinen', 'Nieminen', 'Mäkelä', 'Hämäläinen', 'Laine', 'Heikkinen', 'Koskinen',
    'Järvinen', 'Lehtonen', 'Lehtinen', 'Saarinen', 'Salminen', 'Heinonen', 'Niemi', 'Heikkilä', 'Kinnunen',
    'Salonen', 'Turunen', 'Salo', 'Laitinen', 'Tuominen', 'Rantanen', 'Kärkkäinen', 'Jokinen', 'Mattila',
    'Savolainen', 'Lahtinen', 'Ahonen'],
  style: 'western',
};

// prettier-ignore
const irish: NameBook = {
  female: ['Aoife', 'Siobhán', 'Niamh', 'Saoirse', 'Róisín', 'Ciara', 'Orla', 'Sinéad', 'Caoimhe', 'Emma', 'Sarah',
    'Grace', 'Aisling', 'Clodagh', 'Máire', 'Éabha', 'Mary', 'Catherine'],
  male: ['Seán', 'Conor', 'Cian', 'Oisín', 'Darragh', 'Liam', 'Patrick', 'Michael', 'Ciarán', 'Pádraig', 'Eoin',
    'Fionn', 'Tadhg', 'Declan', 'Colm', 'Diarmuid', 'Jack', 'James'],
  surnames: ['Murphy', 'Kelly', 'O’Sullivan', 'Walsh', 'Smith', 'O’Brien', 'Byrne', 'Ryan', 'O’Connor', 'O’Neill',
    'O’Reilly', 'Doyle', 'McCarthy', 'Gallagher', 'O’Doherty', 'Kennedy', 'Lynch', 'Murray', 'Quinn', 'Moore',
    'McLaughlin', 'Ó Briain', 'Ní Bhriain', 'Fitzgerald', 'Brennan', 'Nolan'],
  style: 'western',
};

// prettier-ignore
const british: NameBook = {
  female: ['Olivia', 'Amelia', 'Isla', 'Ava', 'Emily', 'Sophie', 'Charlotte', 'Jessica', 'Hannah', 'Lucy', 'Eleanor',
    'Chloe', 'Rebecca', 'Zoë', 'Priya', 'Aisha', 'Gemma', 'Harriet', 'Niamh', 'Freya'],
  male: ['Oliver', 'George', 'Harry', 'Jack', 'Noah', 'Charlie', 'Thomas', 'James', 'William', 'Daniel', 'Samuel',
    'Joseph', 'Matthew', 'Alfie', 'Rhys', 'Callum', 'Mohammed', 'Arjun', 'Owen', 'Hamish'],
  surnames: ['Smith', 'Jones', 'Williams', 'Taylor', 'Brown', 'Davies', 'Evans', 'Wilson', 'Thomas', 'Johnson',
    'Roberts', 'Robinson', 'Thompson', 'Wright', 'Walker', 'White', 'Edwards', 'Hughes', 'Green', 'Hall', 'Lewis',
    'Harris', 'Clarke', 'Patel', 'Jackson', 'Wood', 'Turner', 'Martin', 'Cooper', 'Hill', 'Ward', 'Morris', 'Khan',
    'Campbell'],
  style: 'western',
};

// prettier-ignore
const portuguese: NameBook = {
  female: ['Maria', 'Leonor', 'Matilde', 'Beatriz', 'Carolina', 'Inês', 'Mariana', 'Ana', 'Sofia', 'Francisca',
    'Joana', 'Catarina', 'Rita', 'Teresa', 'Filipa', 'Margarida', 'Conceição', 'Fátima', 'Graça', 'Luísa'],
  male: ['João', 'Francisco', 'Santiago', 'Afonso', 'Tomás', 'Duarte', 'Rodrigo', 'Martim', 'José', 'António',
    'Manuel', 'Rui', 'Nuno', 'Luís', 'Pedro', 'Gonçalo', 'Tiago', 'Diogo', 'Sérgio', 'Vítor'],
  surnames: ['Silva', 'Santos', 'Ferreira', 'Pereira', 'Oliveira', 'Costa', 'Rodrigues', 'Martins', 'Jesus', 'Sousa',
    'Fernandes', 'Gonçalves', 'Gomes', 'Lopes', 'Marques', 'Alves', 'Almeida', 'Ribeiro', 'Pinto', 'Carvalho',
    'Teixeira', 'Moreira', 'Correia', 'Mendes', 'Nunes', 'Soares', 'Vieira', 'Monteiro', 'Cardoso', 'Magalhães',
    'Simões', 'Brandão', 'Araújo'],
  style: 'western',
};

// prettier-ignore
const brazilian: NameBook = {
  female: ['Maria', 'Ana', 'Francisca', 'Antônia', 'Adriana', 'Juliana', 'Márcia', 'Fernanda', 'Patrícia', 'Aline',
    'Sandra', 'Camila', 'Amanda', 'Bruna', 'Jéssica', 'Letícia', 'Júlia', 'Luciana', 'Vanessa', 'Mariana',
    'Conceição', 'Gabriela', 'Beatriz', 'Larissa', 'Lúcia', 'Sônia', 'Vitória', 'Heloísa', 'Débora', 'Raíssa',
    'Tânia', 'Cecília'],
  male: ['João', 'José', 'Antônio', 'Francisco', 'Carlos', 'Paulo', 'Pedro', 'Lucas', 'Luiz', 'Marcos', 'Luís',
    'Gabriel', 'Rafael', 'Daniel', 'Marcelo', 'Bruno', 'Eduardo', 'Felipe', 'Raimundo', 'Rodrigo', 'Cauã', 'Thiago',
    'Caio', 'Vinícius', 'Matheus', 'Davi', 'Heitor', 'Sebastião', 'Joaquim', 'Otávio', 'Flávio', 'Fábio'],
  surnames: ['Silva', 'Santos', 'Oliveira', 'Souza', 'Rodrigues', 'Ferreira', 'Alves', 'Pereira', 'Lima', 'Gomes',
    'Costa', 'Ribeiro', 'Martins', 'Carvalho', 'Almeida', 'Lopes', 'Soares', 'Fernandes', 'Vieira', 'Barbosa',
    'Rocha', 'Dias', 'Nascimento', 'Andrade', 'Moreira', 'Nunes', 'Marques', 'Machado', 'Mendes', 'Freitas',
    'Cardoso', 'Ramos', 'Gonçalves', 'Santana', 'Teixeira', 'Araújo', 'Conceição', 'Magalhães', 'Brandão', 'Falcão',
    'Assunção', 'Guimarães', 'Simões', 'Sampaio'],
  style: 'brazilian',
};

// prettier-ignore
const japanese: NameBook = {
  female: ['Yui', 'Hina', 'Sakura', 'Aoi', 'Haruka', 'Yuki', 'Misaki', 'Nanami', 'Ayaka', 'Mei', 'Rin', 'Emi',
    'Keiko', 'Tomoko', 'Yōko', 'Naoko', 'Kyōko', 'Mayu'],
  male: ['Haruto', 'Sōta', 'Yūto', 'Ren', 'Takumi', 'Kenta', 'Daiki', 'Shō', 'Hiroshi', 'Takeshi', 'Kazuki', 'Ryō',
    'Yūki', 'Kōji', 'Shun', 'Kaito', 'Riku', 'Makoto'],
  surnames: ['Satō', 'Suzuki', 'Takahashi', 'Tanaka', 'Watanabe', 'Itō', 'Yamamoto', 'Nakamura', 'Kobayashi', 'Katō',
    'Yoshida', 'Yamada', 'Sasaki', 'Yamaguchi', 'Matsumoto', 'Inoue', 'Kimura', 'Hayashi', 'Shimizu', 'Saitō', 'Ōno',
    'Gotō', 'Kondō', 'Ishikawa'],
  style: 'western',
};

// prettier-ignore
const kuwaiti: NameBook = {
  female: ['Fatima', 'Noura', 'Maryam', 'Aisha', 'Dana', 'Sara', 'Hessa', 'Shaikha', 'Lulwa', 'Reem', 'Latifa',
    'Munira'],
  male: ['Mohammad', 'Abdullah', 'Ahmad', 'Khaled', 'Fahad', 'Yousef', 'Ali', 'Hamad', 'Saud', 'Bader', 'Faisal',
    'Nasser', 'Mishari', 'Jassim'],
  surnames: ['Al-Sabah', 'Al-Mutairi', 'Al-Ajmi', 'Al-Rashidi', 'Al-Enezi', 'Al-Shammari', 'Al-Hajri', 'Al-Kandari',
    'Al-Awadhi', 'Al-Saleh', 'Al-Ghanim', 'Behbehani', 'Al-Fadhli', 'Al-Kharafi', 'Al-Otaibi', 'Al-Dosari'],
  style: 'arabic',
};

// prettier-ignore
const indian: NameBook = {
  female: ['Priya', 'Ananya', 'Aadhya', 'Diya', 'Saanvi', 'Kavya', 'Pooja', 'Neha', 'Sneha', 'Lakshmi', 'Divya',
    'Shreya', 'Meera', 'Anjali', 'Ishita', 'Nandini', 'Ritu', 'Swati', 'Deepika', 'Harpreet'],
  male: ['Aarav', 'Vivaan', 'Aditya', 'Arjun', 'Rohan', 'Rahul', 'Amit', 'Vikram', 'Suresh', 'Rajesh', 'Karthik',
    'Sanjay', 'Anil', 'Manoj', 'Siddharth', 'Gurpreet', 'Harish', 'Nikhil', 'Pranav', 'Abhishek'],
  surnames: ['Sharma', 'Verma', 'Patel', 'Singh', 'Kumar', 'Gupta', 'Reddy', 'Iyer', 'Nair', 'Rao', 'Joshi', 'Mehta',
    'Shah', 'Desai', 'Chopra', 'Malhotra', 'Banerjee', 'Chatterjee', 'Mukherjee', 'Pillai', 'Menon', 'Agarwal',
    'Bose', 'Das', 'Kaur', 'Gill', 'Naidu', 'Kulkarni'],
  style: 'western',
};

/** The book for a country; Belgium and Austria share with their neighbours. */
export const NAME_BOOKS: Readonly<Record<string, NameBook>> = {
  DE: german,
  AT: german,
  FR: french,
  BE: belgian,
  ES: spanish,
  IT: italian,
  NL: dutch,
  PL: polish,
  SE: swedish,
  FI: finnish,
  IE: irish,
  GB: british,
  PT: portuguese,
  BR: brazilian,
  MX: latinAmerican,
  CO: latinAmerican,
  CL: latinAmerican,
  PE: latinAmerican,
  AR: latinAmerican,
  JP: japanese,
  KW: kuwaiti,
  IN: indian,
};
